import {applyTheme as _applyTheme} from './theme-hangar.generated.js';
export const applyTheme = _applyTheme;
