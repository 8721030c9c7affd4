import { keyTable, letterRows, type KeyboardLayout } from '../keyboardLayout';

/** Swedish (sv-SE, ISO). The acute/grave and diaeresis/caret/tilde keys are dead keys and type nothing alone. */
export const SV_LAYOUT: KeyboardLayout = {
  id: 'sv',
  name: 'Swedish',
  isoBackslash: true,
  keys: keyTable([
    ['Backquote', '§', '½'],
    ['Digit1', '1', '!'], ['Digit2', '2', '"', '@'], ['Digit3', '3', '#', '£'], ['Digit4', '4', '¤', '$'],
    ['Digit5', '5', '%', '€'], ['Digit6', '6', '&'], ['Digit7', '7', '/', '{'], ['Digit8', '8', '(', '['],
    ['Digit9', '9', ')', ']'], ['Digit0', '0', '=', '}'],
    ['Minus', '+', '?', '\\'],
    ['Equal', '', ''],
    ...letterRows(['KeyE', 'KeyM']),
    ['KeyE', 'e', 'E', '€'], ['KeyM', 'm', 'M', 'µ'],
    ['BracketLeft', 'å', 'Å'], ['BracketRight', '', ''],
    ['Semicolon', 'ö', 'Ö'], ['Quote', 'ä', 'Ä'], ['Backslash', "'", '*'],
    ['IntlBackslash', '<', '>', '|'],
    ['Comma', ',', ';'], ['Period', '.', ':'], ['Slash', '-', '_'],
  ]),
};
