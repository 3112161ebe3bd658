// What both console elements share: the src attribute and the element's place in the DOM drive the
// connection; the state is an attribute and a bubbling "console-state" event; the host's refusals
// (44xx close codes) end the attempt with their reason in words, and only a dropped connection, a
// console that ended (the VM stopped or rebooted) or a provider failure is retried, with backoff.

/** Close codes after which the element reconnects by itself (COMMON.md's protocol). */
export const RETRIED = new Set([1001, 1006, 4410, 4500]);
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10000;

// For a close without a reason sentence (1006 never has one).
const DEFAULT_REASONS = {
  1000: 'The console was closed.',
  1001: 'The server is going away.',
  1006: 'The connection to Hangar was lost.',
  4401: 'You are not signed in, or your session ended.',
  4403: 'You may not open this console.',
  4404: 'There is no such console.',
  4408: 'The console was closed after being idle.',
  4409: 'Another client holds this console.',
  4410: 'The console ended.',
  4429: 'You have too many consoles open.',
  4500: 'The provider failed to open the console.',
};

export function reasonFor(code, reason) {
  return reason || DEFAULT_REASONS[code] || 'The console closed (code ' + code + ').';
}

/** ws: or wss: like the page, for a src given as a path or a full URL. */
export function socketUrl(src) {
  const url = new URL(src, window.location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}

export class ConsoleElement extends HTMLElement {
  static get observedAttributes() { return ['src']; }

  constructor() {
    super();
    this._socket = null;
    this._retryTimer = null;
    this._delay = FIRST_DELAY_MS;
    this._connectedAt = null;
    this._built = false;
  }

  connectedCallback() {
    if (!this._built) {
      this._built = true;
      this._message = document.createElement('div');
      this._message.className = 'console-message';
      this._message.hidden = true;
      this._message.setAttribute('role', 'status');
      this.append(this._message);
      this._build();
    }
    if (this.getAttribute('src')) this.connect();
  }

  disconnectedCallback() {
    this._end();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    // On upgrade (the element was in the page before the module loaded) this runs before
    // connectedCallback, which then connects.
    if (name === 'src' && oldValue !== newValue && this.isConnected && this._built) {
      this._delay = FIRST_DELAY_MS;
      if (newValue) this.connect();
      else this.disconnect();
    }
  }

  /** (Re)connects to src now, dropping any connection or pending retry. */
  connect() {
    const src = this.getAttribute('src');
    if (!src || !this.isConnected) return;
    this._end();
    this._connectedAt = null;
    this._setState('connecting', null, '');
    this._showMessage('Connecting…');
    const socket = new WebSocket(socketUrl(src));
    socket.binaryType = 'arraybuffer';
    this._socket = socket;
    socket.addEventListener('close', e => {
      if (this._socket === socket) this._closed(e.code, e.reason);
    });
    this._open(socket);
  }

  /** Closes the connection; no reconnect until connect() or a new src. */
  disconnect() {
    const wasOpen = this._socket !== null || this._retryTimer !== null;
    this._end();
    if (wasOpen) {
      this._setState('disconnected', 1000, 'Disconnected.');
      this._showMessage('Disconnected.');
    }
  }

  // Subclasses: _build() makes the light DOM once, _open(socket) starts the session on a new
  // socket, _close() tears it down, _connected() is called by them when the console is usable.

  _connected() {
    this._connectedAt = Date.now();
    this._setState('connected', null, '');
    this._message.hidden = true;
  }

  _closed(code, reason) {
    this._socket = null;
    this._close();
    const words = reasonFor(code, reason);
    this._setState('disconnected', code, words);
    // A console-state listener may have given a new src (connected again) or removed the element.
    if (this._socket !== null || !this.isConnected) return;
    // The backoff starts again only after a connection that lasted: a console that accepts and ends
    // at once (the VM is still down) is tried ever more slowly, up to every 10 s.
    if (this._connectedAt !== null && Date.now() - this._connectedAt >= MAX_DELAY_MS) this._delay = FIRST_DELAY_MS;
    this._connectedAt = null;
    if (RETRIED.has(code)) {
      const delay = this._delay;
      this._delay = Math.min(delay * 2, MAX_DELAY_MS);
      this._showMessage(words + ' Reconnecting in ' + Math.round(delay / 1000) + ' s…');
      this._retryTimer = setTimeout(() => { this._retryTimer = null; this.connect(); }, delay);
    } else {
      this._showMessage(words);
    }
  }

  _end() {
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const socket = this._socket;
    this._socket = null;
    this._close();
    if (socket && socket.readyState < WebSocket.CLOSING) socket.close(1000);
  }

  _showMessage(text) {
    this._message.textContent = text;
    this._message.hidden = false;
  }

  _setState(state, code, reason) {
    this.setAttribute('state', state);
    this.dispatchEvent(new CustomEvent('console-state', {
      bubbles: true, composed: true, detail: { state, code, reason },
    }));
  }
}
