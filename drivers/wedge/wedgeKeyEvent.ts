/**
 * The fields of a browser keydown the window wedge needs (a KeyboardEvent satisfies it). `code` is the
 * physical key, which is what we map through the scanner's layout; `key` is the OS's idea of the character,
 * used only to hand human typing back untouched.
 */
export interface WedgeKeyEvent {
  code: string;
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey?: boolean;
  /** `event.getModifierState('AltGraph')` where the binder can read it. */
  altGraph?: boolean;
  /** Auto-repeat of a held key: always a person. */
  repeat?: boolean;
  /** Milliseconds, any monotonic origin (KeyboardEvent.timeStamp). */
  timeStamp: number;
}

const MODIFIER_CODES = new Set([
  'ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight',
  'CapsLock', 'NumLock', 'AltGraph', 'OSLeft', 'OSRight', 'Fn',
]);

export function isModifierKey(event: WedgeKeyEvent): boolean {
  return MODIFIER_CODES.has(event.code);
}
