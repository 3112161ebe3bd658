import './vaadin-featureflags.js';

import './index';

import './vaadin-react.js';
import 'Frontend/generated/jar-resources/vaadin-dev-tools/vaadin-dev-tools.js';

import './theme-hangar.global.generated.js';
import { applyTheme } from './theme.js';
applyTheme(document);
