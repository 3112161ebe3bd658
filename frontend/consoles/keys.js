// Key names and characters to what a VNC server needs: an X keysym and the KeyboardEvent.code of a
// US keyboard, so that QEMU's extended key events carry the physical key (its guests then see the
// right scancode whatever their keymap) and servers without them still get the keysym.

const NAMED = {
  ctrl: [0xffe3, 'ControlLeft'], control: [0xffe3, 'ControlLeft'],
  alt: [0xffe9, 'AltLeft'], shift: [0xffe1, 'ShiftLeft'],
  meta: [0xffeb, 'MetaLeft'], super: [0xffeb, 'MetaLeft'], win: [0xffeb, 'MetaLeft'],
  altgr: [0xfe03, 'AltRight'],
  del: [0xffff, 'Delete'], delete: [0xffff, 'Delete'], backspace: [0xff08, 'Backspace'],
  tab: [0xff09, 'Tab'], enter: [0xff0d, 'Enter'], return: [0xff0d, 'Enter'],
  esc: [0xff1b, 'Escape'], escape: [0xff1b, 'Escape'], space: [0x0020, 'Space'],
  insert: [0xff63, 'Insert'], home: [0xff50, 'Home'], end: [0xff57, 'End'],
  pageup: [0xff55, 'PageUp'], pagedown: [0xff56, 'PageDown'],
  left: [0xff51, 'ArrowLeft'], up: [0xff52, 'ArrowUp'], right: [0xff53, 'ArrowRight'], down: [0xff54, 'ArrowDown'],
  printscreen: [0xff61, 'PrintScreen'], sysrq: [0xff15, 'PrintScreen'], pause: [0xff13, 'Pause'],
};
for (let n = 1; n <= 12; n++) NAMED['f' + n] = [0xffbd + n, 'F' + n];

// The US layout's printable keys: unshifted and shifted character per KeyboardEvent.code.
const US_KEYS = [
  ['Backquote', '`~'], ['Minus', '-_'], ['Equal', '=+'], ['BracketLeft', '[{'], ['BracketRight', ']}'],
  ['Backslash', '\\|'], ['Semicolon', ';:'], ['Quote', '\'"'], ['Comma', ',<'], ['Period', '.>'],
  ['Slash', '/?'], ['Space', '  '],
  ...'1234567890'.split('').map((d, i) => ['Digit' + d, d + '!@#$%^&*()'[i]]),
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map(c => ['Key' + c.toUpperCase(), c + c.toUpperCase()]),
];
const US_CHARS = new Map();
for (const [code, [plain, shifted]] of US_KEYS) {
  US_CHARS.set(plain, { code, shift: false });
  if (shifted !== plain) US_CHARS.set(shifted, { code, shift: true });
}

/** The keysym X11 gives a Unicode code point: Latin-1 as itself, anything else as 0x01000000 + it. */
export function keysymOf(codePoint) {
  if ((codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)) return codePoint;
  return 0x01000000 + codePoint;
}

/**
 * "ctrl+alt+f2" → the key presses, each {keysym, code}, in the order they go down (they come up in
 * reverse). Throws on a name it does not know, so that a typo is not sent as something else.
 */
export function parseCombo(combo) {
  const names = String(combo).toLowerCase().split('+').map(s => s.trim()).filter(Boolean);
  if (names.length === 0) throw new Error('no keys in "' + combo + '"');
  return names.map(name => {
    if (NAMED[name]) return { keysym: NAMED[name][0], code: NAMED[name][1] };
    const key = [...name].length === 1 ? US_CHARS.get(name) : undefined;
    if (key) return { keysym: keysymOf(name.codePointAt(0)), code: key.code };
    throw new Error('unknown key "' + name + '" in "' + combo + '"');
  });
}

/**
 * Text → the strokes that type it: each {keysym, code, shift}. Line ends become Enter (a CR LF pair
 * one Enter), tabs Tab; characters outside the US layout are sent as their keysym alone (code null).
 */
export function strokesOf(text) {
  const strokes = [];
  const chars = [...String(text).replace(/\r\n?/g, '\n')];
  for (const ch of chars) {
    if (ch === '\n') strokes.push({ keysym: NAMED.enter[0], code: 'Enter', shift: false });
    else if (ch === '\t') strokes.push({ keysym: NAMED.tab[0], code: 'Tab', shift: false });
    else {
      const cp = ch.codePointAt(0);
      if (cp < 0x20 || cp === 0x7f) continue; // other control characters are not keys
      const key = US_CHARS.get(ch);
      strokes.push({ keysym: keysymOf(cp), code: key ? key.code : null, shift: key ? key.shift : false });
    }
  }
  return strokes;
}
