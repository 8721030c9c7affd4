/**
 * USB HID keyboard usages (page 0x07) and the physical key names the browser uses for the same keys
 * (KeyboardEvent.code). One table serves both wedges: a hidraw report and a window key event name the
 * same physical key, and the layout turns that key into a character.
 */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const USAGE_TO_CODE = new Map<number, string>();

for (let i = 0; i < 26; i += 1) USAGE_TO_CODE.set(0x04 + i, `Key${LETTERS[i]!}`);
for (let i = 0; i < 9; i += 1) USAGE_TO_CODE.set(0x1e + i, `Digit${i + 1}`);
USAGE_TO_CODE.set(0x27, 'Digit0');
for (let i = 0; i < 9; i += 1) USAGE_TO_CODE.set(0x59 + i, `Numpad${i + 1}`);
USAGE_TO_CODE.set(0x62, 'Numpad0');

const NAMED: ReadonlyArray<[number, string]> = [
  [0x28, 'Enter'], [0x29, 'Escape'], [0x2a, 'Backspace'], [0x2b, 'Tab'], [0x2c, 'Space'],
  [0x2d, 'Minus'], [0x2e, 'Equal'], [0x2f, 'BracketLeft'], [0x30, 'BracketRight'], [0x31, 'Backslash'],
  // 0x32 is the ISO key left of Enter; browsers call it Backslash too.
  [0x32, 'Backslash'], [0x33, 'Semicolon'], [0x34, 'Quote'], [0x35, 'Backquote'], [0x36, 'Comma'],
  [0x37, 'Period'], [0x38, 'Slash'], [0x39, 'CapsLock'],
  [0x54, 'NumpadDivide'], [0x55, 'NumpadMultiply'], [0x56, 'NumpadSubtract'], [0x57, 'NumpadAdd'],
  [0x58, 'NumpadEnter'], [0x63, 'NumpadDecimal'], [0x64, 'IntlBackslash'], [0x67, 'NumpadEqual'],
];
for (const [usage, code] of NAMED) USAGE_TO_CODE.set(usage, code);

const CODE_TO_USAGE = new Map<string, number>();
for (const [usage, code] of USAGE_TO_CODE) if (!CODE_TO_USAGE.has(code)) CODE_TO_USAGE.set(code, usage);

/** The physical key for a HID usage, or undefined for usages no scanner types (F-keys, arrows…). */
export function codeForUsage(usage: number): string | undefined {
  return USAGE_TO_CODE.get(usage);
}

/** The HID usage for a physical key. `isoBackslash` picks 0x32, what ISO keyboards send for that key. */
export function usageForCode(code: string, isoBackslash = false): number | undefined {
  if (code === 'Backslash' && isoBackslash) return 0x32;
  return CODE_TO_USAGE.get(code);
}

/** Modifier bits of byte 0 of a boot keyboard report. */
export const MODIFIER = {
  leftCtrl: 0x01,
  leftShift: 0x02,
  leftAlt: 0x04,
  leftGui: 0x08,
  rightCtrl: 0x10,
  rightShift: 0x20,
  rightAlt: 0x40,
  rightGui: 0x80,
} as const;
