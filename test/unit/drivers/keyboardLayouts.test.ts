import { describe, expect, it } from 'vitest';
import { charForKey } from '../../../drivers/keyboard/charForKey';
import { CALIBRATION_LABEL, calibrationAsTypedUnderUs, detectLayout } from '../../../drivers/keyboard/detectLayout';
import { encodeText } from '../../../drivers/keyboard/encodeText';
import { codeForUsage, usageForCode } from '../../../drivers/keyboard/hidUsages';
import type { LayoutId } from '../../../drivers/keyboard/keyboardLayout';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';

type Level = 'base' | 'shift' | 'altGr';
const mods = (level: Level) => ({ shift: level === 'shift', altGr: level === 'altGr', ctrl: false });

describe('what a physical key types, per layout', () => {
  it.each<[LayoutId, string, Level, string]>([
    ['us', 'KeyA', 'base', 'a'], ['us', 'KeyA', 'shift', 'A'], ['us', 'Digit1', 'base', '1'], ['us', 'Digit2', 'shift', '@'],
    ['us', 'Slash', 'base', '/'], ['us', 'Minus', 'base', '-'], ['us', 'Semicolon', 'shift', ':'], ['us', 'Quote', 'base', "'"],
    ['sv', 'BracketLeft', 'base', 'å'], ['sv', 'Quote', 'base', 'ä'], ['sv', 'Semicolon', 'base', 'ö'],
    ['sv', 'BracketLeft', 'shift', 'Å'], ['sv', 'Quote', 'shift', 'Ä'], ['sv', 'Semicolon', 'shift', 'Ö'],
    ['sv', 'Digit2', 'shift', '"'], ['sv', 'Digit2', 'altGr', '@'], ['sv', 'Digit4', 'altGr', '$'], ['sv', 'Digit5', 'altGr', '€'],
    ['sv', 'Digit7', 'shift', '/'], ['sv', 'Digit7', 'altGr', '{'], ['sv', 'Minus', 'base', '+'], ['sv', 'Minus', 'altGr', '\\'],
    ['sv', 'Slash', 'base', '-'], ['sv', 'Slash', 'shift', '_'], ['sv', 'IntlBackslash', 'altGr', '|'], ['sv', 'Backslash', 'base', "'"],
    ['de', 'KeyY', 'base', 'z'], ['de', 'KeyZ', 'base', 'y'], ['de', 'KeyZ', 'shift', 'Y'], ['de', 'Minus', 'base', 'ß'],
    ['de', 'BracketLeft', 'base', 'ü'], ['de', 'Quote', 'shift', 'Ä'], ['de', 'Semicolon', 'base', 'ö'],
    ['de', 'KeyQ', 'altGr', '@'], ['de', 'KeyE', 'altGr', '€'], ['de', 'Digit3', 'shift', '§'], ['de', 'BracketRight', 'altGr', '~'],
    ['fr', 'KeyQ', 'base', 'a'], ['fr', 'KeyW', 'base', 'z'], ['fr', 'KeyA', 'base', 'q'], ['fr', 'KeyZ', 'base', 'w'], ['fr', 'Semicolon', 'base', 'm'],
    ['fr', 'Digit1', 'base', '&'], ['fr', 'Digit1', 'shift', '1'], ['fr', 'Digit0', 'shift', '0'], ['fr', 'Digit2', 'base', 'é'],
    ['fr', 'Digit7', 'base', 'è'], ['fr', 'Digit9', 'base', 'ç'], ['fr', 'Digit0', 'base', 'à'], ['fr', 'Digit0', 'altGr', '@'],
    ['fr', 'Quote', 'base', 'ù'], ['fr', 'Period', 'shift', '/'], ['fr', 'KeyM', 'base', ','], ['fr', 'Digit3', 'altGr', '#'],
  ])('%s: %s (%s) types %j', (layout, code, level, expected) => {
    expect(charForKey(LAYOUTS[layout], code, mods(level))).toBe(expected);
  });

  it.each<[LayoutId, string, Level]>([
    ['sv', 'Equal', 'base'], // dead acute
    ['sv', 'BracketRight', 'base'], // dead diaeresis
    ['de', 'Backquote', 'base'], // dead circumflex
    ['fr', 'BracketLeft', 'base'], // dead circumflex
    ['us', 'KeyA', 'altGr'],
    ['us', 'F1', 'base'],
  ])('%s: %s (%s) types nothing', (layout, code, level) => {
    expect(charForKey(LAYOUTS[layout], code, mods(level))).toBeNull();
  });

  it('the keypad types digits on every layout', () => {
    for (const layout of Object.values(LAYOUTS)) expect(charForKey(layout, 'Numpad7', mods('base'))).toBe('7');
  });

  it('Ctrl with a letter types a control character (scanners send GS as Ctrl+])', () => {
    expect(charForKey(LAYOUTS.us, 'BracketRight', { shift: false, altGr: false, ctrl: true })).toBe('\x1d');
    expect(charForKey(LAYOUTS.us, 'KeyM', { shift: false, altGr: false, ctrl: true })).toBe('\r');
  });
});

describe('encoding text as key strokes', () => {
  it.each<[LayoutId, string]>([
    ['us', 'Hello, World! 0123456789 @#$%'],
    ['sv', 'Åsa Öberg äter räksmörgås 0701234567 @$€{}[]\\|'],
    ['de', 'Grüße aus Köln, Zürich & Yverdon ß @€~'],
    ['fr', 'Où est la rue Emile Zola? 0013748911 à ç è é @#'],
  ])('%s round-trips %j through its own layout', (layout, text) => {
    const encoded = encodeText(LAYOUTS[layout], text);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    const typed = encoded.strokes.map((s) => charForKey(LAYOUTS[layout], s.code, s)).join('');
    expect(typed).toBe(text);
  });

  it('AZERTY digits are typed with Shift', () => {
    const encoded = encodeText(LAYOUTS.fr, '0013748911');
    expect(encoded.ok && encoded.strokes.every((s) => s.shift && s.code.startsWith('Digit'))).toBe(true);
  });

  it('the wrong layout turns digits into letters: AZERTY digits read as US', () => {
    const encoded = encodeText(LAYOUTS.fr, '0013748911');
    if (!encoded.ok) throw new Error('unencodable');
    expect(encoded.strokes.map((s) => charForKey(LAYOUTS.us, s.code, s)).join('')).toBe('))!#&$*(!!');
  });

  it('says which character a layout cannot type', () => {
    expect(encodeText(LAYOUTS.us, 'smörgås')).toEqual({ ok: false, unencodable: 'ö' });
  });
});

describe('layout calibration', () => {
  it('each layout types the calibration label differently when read as US', () => {
    const seen = new Set(Object.keys(LAYOUTS).map((id) => calibrationAsTypedUnderUs(id as LayoutId)));
    expect(seen.size).toBe(Object.keys(LAYOUTS).length);
  });

  it.each<[string, LayoutId | null]>([
    [CALIBRATION_LABEL, 'us'],
    ['Tillid&layout/azqy>1', 'sv'],
    ['Tillid&lazout/ayqz>1', 'de'],
    ['Tillid>lqyout6qway.!', 'fr'],
    ['7350053850019', null],
  ])('%j was typed by a scanner set to %s', (decodedUnderUs, layout) => {
    expect(detectLayout(decodedUnderUs)).toBe(layout);
  });
});

describe('HID usages and physical keys', () => {
  it.each([
    [0x04, 'KeyA'], [0x1d, 'KeyZ'], [0x1e, 'Digit1'], [0x27, 'Digit0'], [0x28, 'Enter'], [0x2b, 'Tab'], [0x2f, 'BracketLeft'],
    [0x31, 'Backslash'], [0x32, 'Backslash'], [0x33, 'Semicolon'], [0x34, 'Quote'], [0x38, 'Slash'], [0x62, 'Numpad0'], [0x64, 'IntlBackslash'],
  ])('usage %i is %s', (usage, code) => {
    expect(codeForUsage(usage)).toBe(code);
  });

  it('ISO layouts send 0x32 for the key left of Enter', () => {
    expect(usageForCode('Backslash', true)).toBe(0x32);
    expect(usageForCode('Backslash', false)).toBe(0x31);
  });
});
