import { keyTable } from '../keyboardLayout';

/** Keys that type the same on every layout we support (numeric keypad with Num Lock on, space). */
export const COMMON_KEYS = keyTable([
  ['Space', ' ', ' '],
  ['Numpad1', '1', ''], ['Numpad2', '2', ''], ['Numpad3', '3', ''], ['Numpad4', '4', ''], ['Numpad5', '5', ''],
  ['Numpad6', '6', ''], ['Numpad7', '7', ''], ['Numpad8', '8', ''], ['Numpad9', '9', ''], ['Numpad0', '0', ''],
  ['NumpadDivide', '/', ''], ['NumpadMultiply', '*', ''], ['NumpadSubtract', '-', ''], ['NumpadAdd', '+', ''],
  ['NumpadDecimal', '.', ''], ['NumpadEqual', '=', ''],
]);
