// node --test: the key tables, which the browser IT cannot see from outside the VNC stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keysymOf, parseCombo, strokesOf } from './keys.js';

test('a combination presses its keys in order', () => {
  assert.deepEqual(parseCombo('ctrl+alt+f2'), [
    { keysym: 0xffe3, code: 'ControlLeft' }, { keysym: 0xffe9, code: 'AltLeft' }, { keysym: 0xffbf, code: 'F2' }]);
  assert.deepEqual(parseCombo('Ctrl + Alt + Del').map(k => k.code), ['ControlLeft', 'AltLeft', 'Delete']);
  assert.deepEqual(parseCombo('alt+sysrq+b').at(-1), { keysym: 0x62, code: 'KeyB' });
});

test('an unknown key name is refused, never sent as something else', () => {
  assert.throws(() => parseCombo('ctrl+alt+f13'), /unknown key "f13"/);
  assert.throws(() => parseCombo(''), /no keys/);
});

test('text becomes strokes with shift where a US keyboard needs it', () => {
  assert.deepEqual(strokesOf('aZ!\r\n'), [
    { keysym: 0x61, code: 'KeyA', shift: false },
    { keysym: 0x5a, code: 'KeyZ', shift: true },
    { keysym: 0x21, code: 'Digit1', shift: true },
    { keysym: 0xff0d, code: 'Enter', shift: false }]);
});

test('characters beyond the layout go as their keysym alone; control characters are dropped', () => {
  assert.deepEqual(strokesOf('é€\u0007'), [
    { keysym: 0xe9, code: null, shift: false },
    { keysym: 0x010020ac, code: null, shift: false }]);
  assert.equal(keysymOf(0x41), 0x41);
});
