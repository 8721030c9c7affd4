import { keyTable, letterRows, type KeyboardLayout } from '../keyboardLayout';

/** US English (ANSI; the ISO 102nd key types \ and |). */
export const US_LAYOUT: KeyboardLayout = {
  id: 'us',
  name: 'English (US)',
  isoBackslash: false,
  keys: keyTable([
    ['Backquote', '`', '~'],
    ['Digit1', '1', '!'], ['Digit2', '2', '@'], ['Digit3', '3', '#'], ['Digit4', '4', '$'], ['Digit5', '5', '%'],
    ['Digit6', '6', '^'], ['Digit7', '7', '&'], ['Digit8', '8', '*'], ['Digit9', '9', '('], ['Digit0', '0', ')'],
    ['Minus', '-', '_'], ['Equal', '=', '+'],
    ...letterRows(),
    ['BracketLeft', '[', '{'], ['BracketRight', ']', '}'], ['Backslash', '\\', '|'],
    ['Semicolon', ';', ':'], ['Quote', "'", '"'],
    ['Comma', ',', '<'], ['Period', '.', '>'], ['Slash', '/', '?'],
    ['IntlBackslash', '\\', '|'],
  ]),
};
