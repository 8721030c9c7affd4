import type { KeyboardLayout } from './keyboardLayout';
import { COMMON_KEYS } from './layouts/commonKeys';

/** One key press a keyboard-wedge scanner makes to type a character. */
export interface KeyStroke {
  code: string;
  shift: boolean;
  altGr: boolean;
  ctrl: boolean;
}

export type EncodeResult = { ok: true; strokes: KeyStroke[] } | { ok: false; unencodable: string };

const CONTROL_KEYS: Readonly<Record<string, string>> = { '\r': 'Enter', '\n': 'Enter', '\t': 'Tab' };

const cache = new WeakMap<KeyboardLayout, Map<string, KeyStroke>>();

/** Character → key stroke, preferring the layout's own keys (so AZERTY digits use Shift) over the keypad. */
function strokesOf(layout: KeyboardLayout): Map<string, KeyStroke> {
  let map = cache.get(layout);
  if (map) return map;
  map = new Map();
  for (const table of [layout.keys, COMMON_KEYS]) {
    for (const level of ['base', 'shift', 'altGr'] as const) {
      for (const [code, levels] of Object.entries(table)) {
        const char = levels[level];
        if (char !== undefined && !map.has(char)) map.set(char, { code, shift: level === 'shift', altGr: level === 'altGr', ctrl: false });
      }
    }
  }
  for (const [char, code] of Object.entries(CONTROL_KEYS)) map.set(char, { code, shift: false, altGr: false, ctrl: false });
  for (const [code, levels] of Object.entries(layout.keys)) {
    if (levels.base && /^[a-z]$/.test(levels.base)) {
      const control = String.fromCharCode(levels.base.charCodeAt(0) - 0x60);
      if (!map.has(control)) map.set(control, { code, shift: false, altGr: false, ctrl: true });
    }
    if (levels.base === ']') map.set('\x1d', { code, shift: false, altGr: false, ctrl: true });
  }
  cache.set(layout, map);
  return map;
}

/** The key strokes a scanner set to `layout` makes to type `text` (for emulators and calibration). */
export function encodeText(layout: KeyboardLayout, text: string): EncodeResult {
  const map = strokesOf(layout);
  const strokes: KeyStroke[] = [];
  for (const char of text) {
    const stroke = map.get(char);
    if (!stroke) return { ok: false, unencodable: char };
    strokes.push(stroke);
  }
  return { ok: true, strokes };
}
