import type { KeyboardLayout, ModifierState } from './keyboardLayout';
import { COMMON_KEYS } from './layouts/commonKeys';

/** Control characters scanners type as Ctrl+key (GS as Ctrl+], for GS1 data), by the key's unshifted character. */
const CONTROL_BY_BASE: Readonly<Record<string, string>> = { '[': '\x1b', '\\': '\x1c', ']': '\x1d', '^': '\x1e', _: '\x1f' };

/**
 * The character a physical key types under a layout and modifiers, or null when it types none (a dead key,
 * a key the layout leaves empty, a key scanners never use). Enter and Tab are the caller's business (suffixes).
 */
export function charForKey(layout: KeyboardLayout, code: string, modifiers: ModifierState): string | null {
  const levels = layout.keys[code] ?? COMMON_KEYS[code];
  if (!levels) return null;
  if (modifiers.altGr) return levels.altGr ?? null;
  if (modifiers.ctrl) {
    const base = levels.base ?? '';
    if (/^[a-z]$/.test(base)) return String.fromCharCode(base.charCodeAt(0) - 0x60);
    return CONTROL_BY_BASE[base] ?? null;
  }
  return (modifiers.shift ? levels.shift : levels.base) ?? null;
}
