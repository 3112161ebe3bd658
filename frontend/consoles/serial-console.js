// <hangar-serial-console src="/consoles/ws/…">: xterm.js (its DOM renderer, so the text is in the
// page) on a websocket carrying the console's raw bytes both ways.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { ConsoleElement } from './console-element.js';

const encoder = new TextEncoder();

// A notice is text from the host; it must not carry escape sequences of its own into the terminal.
function plain(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export class SerialConsole extends ConsoleElement {
  _build() {
    this._screen = document.createElement('div');
    this._screen.className = 'console-screen';
    this.append(this._screen);
    this._term = new Terminal({ scrollback: 10000, cursorBlink: true, convertEol: false });
    this._fit = new FitAddon();
    this._term.loadAddon(this._fit);
    this._term.open(this._screen);
    this._term.onData(data => this._send(encoder.encode(data)));
    // Some mouse reports are bytes, not text: send them as they are.
    this._term.onBinary(data => this._send(Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)));
    new ResizeObserver(() => this._resize()).observe(this);
  }

  _resize() {
    // A hidden element has no size to fit to.
    if (this._screen.clientWidth > 0 && this._screen.clientHeight > 0) this._fit.fit();
  }

  _open(socket) {
    socket.addEventListener('open', () => {
      this._resize();
      this._connected();
    });
    socket.addEventListener('message', e => {
      if (typeof e.data === 'string') this._control(e.data);
      else this._term.write(new Uint8Array(e.data));
    });
  }

  _control(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (ignored) {
      return; // not a control message of this protocol
    }
    if (message && message.type === 'notice') {
      // Bold yellow on its own line: from Hangar, not from the guest.
      this._term.write('\r\n\x1b[1;33m[Hangar] ' + plain(message.text) + '\x1b[0m\r\n');
    }
  }

  _close() {}

  _send(bytes) {
    const socket = this._socket;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(bytes);
  }

  /** Types text into the console (as the terminal's paste: bracketed if the guest asked for it). */
  paste(text) {
    this._term.paste(text);
  }
}
