// The module the host serves at /consoles/hangar-consoles.js: defines both console elements and
// links its stylesheet (xterm's and the elements' own, hangar-consoles.css beside it) once.
import './consoles.css';
import { VncConsole } from './vnc-console.js';
import { SerialConsole } from './serial-console.js';

const css = new URL('hangar-consoles.css', import.meta.url).href;
if (!document.querySelector('link[data-hangar-consoles]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = css;
  link.dataset.hangarConsoles = '';
  document.head.append(link);
}

if (!customElements.get('hangar-vnc-console')) customElements.define('hangar-vnc-console', VncConsole);
if (!customElements.get('hangar-serial-console')) customElements.define('hangar-serial-console', SerialConsole);
