import { keyTable, letterRows, type KeyboardLayout } from '../keyboardLayout';

/** German (de-DE, QWERTZ, ISO). Y and Z trade places; circumflex and acute/grave are dead keys. */
export const DE_LAYOUT: KeyboardLayout = {
  id: 'de',
  name: 'German',
  isoBackslash: true,
  keys: keyTable([
    ['Backquote', '', '°'],
    ['Digit1', '1', '!'], ['Digit2', '2', '"', '²'], ['Digit3', '3', '§', '³'], ['Digit4', '4', '$'],
    ['Digit5', '5', '%'], ['Digit6', '6', '&'], ['Digit7', '7', '/', '{'], ['Digit8', '8', '(', '['],
    ['Digit9', '9', ')', ']'], ['Digit0', '0', '=', '}'],
    ['Minus', 'ß', '?', '\\'],
    ['Equal', '', ''],
    ...letterRows(['KeyQ', 'KeyE', 'KeyY', 'KeyZ', 'KeyM']),
    ['KeyQ', 'q', 'Q', '@'], ['KeyE', 'e', 'E', '€'], ['KeyY', 'z', 'Z'], ['KeyZ', 'y', 'Y'], ['KeyM', 'm', 'M', 'µ'],
    ['BracketLeft', 'ü', 'Ü'], ['BracketRight', '+', '*', '~'],
    ['Semicolon', 'ö', 'Ö'], ['Quote', 'ä', 'Ä'], ['Backslash', '#', "'"],
    ['IntlBackslash', '<', '>', '|'],
    ['Comma', ',', ';'], ['Period', '.', ':'], ['Slash', '-', '_'],
  ]),
};
