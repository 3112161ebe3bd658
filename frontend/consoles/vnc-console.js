// <hangar-vnc-console src="/consoles/ws/…">: noVNC's RFB on a websocket the element opens itself
// (so that it sees the close code and reason), shared, scaled to fit its box.
import { ConsoleElement } from './console-element.js';
import { parseCombo, strokesOf } from './keys.js';

const SHIFT = { keysym: 0xffe1, code: 'ShiftLeft' };

// noVNC is a chunk of its own, loaded on the first connect: its module awaits an H.264 decoder probe
// at the top level, which must hold up neither the serial element nor the page (in some headless
// modes that probe never settles), and a page with only a serial console never needs it.
let rfbClass = null;
function loadRfb() {
  rfbClass ??= import('@novnc/novnc').then(m => m.default);
  return rfbClass;
}

export class VncConsole extends ConsoleElement {
  _build() {
    this._screen = document.createElement('div');
    this._screen.className = 'console-screen';
    this._form = document.createElement('form');
    this._form.className = 'console-credentials';
    this._form.hidden = true;
    const label = document.createElement('label');
    label.textContent = 'VNC password';
    this._password = document.createElement('input');
    this._password.type = 'password';
    this._password.className = 'console-password';
    this._password.autocomplete = 'off';
    label.append(this._password);
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Connect';
    this._form.append(label, button);
    this._form.addEventListener('submit', e => {
      e.preventDefault();
      if (!this._rfb) return;
      this._form.hidden = true;
      this._rfb.sendCredentials({ password: this._password.value });
      this._answered = true;
      this._password.value = '';
    });
    this.append(this._form, this._screen);
  }

  connect() {
    if (this._RFB) {
      super.connect();
      return;
    }
    // RFB must be attached before the socket opens (the server speaks first): load it, then connect.
    const attempt = {};
    this._pending = attempt;
    this._showMessage('Loading the graphical console…');
    loadRfb().then(RFB => {
      this._RFB = RFB;
      if (this._pending === attempt) {
        this._pending = null;
        this.connect();
      }
    }, error => {
      if (this._pending === attempt) {
        this._pending = null;
        this._showMessage('The graphical console could not be loaded: ' + error.message);
      }
    });
  }

  _open(socket) {
    const rfb = new this._RFB(this._screen, socket, { shared: true });
    rfb.scaleViewport = true;
    rfb.background = 'transparent';
    this._answered = false;
    this._refusal = null;
    rfb.addEventListener('connect', () => {
      this._again = null;
      this._connected();
    });
    rfb.addEventListener('credentialsrequired', () => {
      this._showMessage(this._again ? this._again + ' Try again.' : 'The console asks for a password.');
      this._again = null;
      this._form.hidden = false;
      this._password.focus();
    });
    rfb.addEventListener('securityfailure', e => {
      // QEMU sends its reason with the C string's NUL.
      const said = (e.detail.reason || '').replace(/[\s\0]+$/, '');
      this._refusal = 'VNC refused the connection: ' + (said || 'authentication failed') + '.';
      this._showMessage(this._refusal);
    });
    this._rfb = rfb;
  }

  // noVNC closes the socket itself after a refusal (1005, no reason): the refusal is the reason. After a
  // refused password it connects again at once (the ticket stays valid), so that the form asks anew;
  // a refusal before any password (no common security type) is not retried.
  _closed(code, reason) {
    const refusal = this._refusal;
    const answered = this._answered;
    this._refusal = null;
    super._closed(code, refusal || reason);
    if (refusal && answered && this.isConnected && this._socket === null) {
      this._again = refusal;
      this.connect();
    }
  }

  _close() {
    this._pending = null;
    this._form.hidden = true;
    const rfb = this._rfb;
    this._rfb = null;
    if (rfb) {
      try {
        rfb.disconnect();
      } catch (ignored) {
        // already disconnected: noVNC throws on a second disconnect; nothing is left to close
      }
    }
  }

  sendCtrlAltDel() {
    if (this._rfb) this._rfb.sendCtrlAltDel();
  }

  /** Presses a combination such as "ctrl+alt+f2": keys go down in order and come up in reverse. */
  sendKeys(combo) {
    const keys = parseCombo(combo);
    if (!this._rfb) return;
    for (const k of keys) this._rfb.sendKey(k.keysym, k.code, true);
    for (const k of [...keys].reverse()) this._rfb.sendKey(k.keysym, k.code, false);
  }

  /** Types text as key presses (a guest's text console has no clipboard). */
  paste(text) {
    if (!this._rfb) return;
    for (const s of strokesOf(text)) {
      if (s.shift) this._rfb.sendKey(SHIFT.keysym, SHIFT.code, true);
      this._rfb.sendKey(s.keysym, s.code, true);
      this._rfb.sendKey(s.keysym, s.code, false);
      if (s.shift) this._rfb.sendKey(SHIFT.keysym, SHIFT.code, false);
    }
  }

  fullscreen() {
    return this.requestFullscreen();
  }
}
