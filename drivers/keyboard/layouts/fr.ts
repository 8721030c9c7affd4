import { keyTable, letterRows, type KeyboardLayout } from '../keyboardLayout';

/**
 * French (fr-FR, AZERTY, ISO). The digits are on the shifted level of the top row: a scanner set to AZERTY
 * types "1" as Shift+Digit1, and a till decoding it as US reads "&". Circumflex/diaeresis are dead keys.
 */
export const FR_LAYOUT: KeyboardLayout = {
  id: 'fr',
  name: 'French (AZERTY)',
  isoBackslash: true,
  keys: keyTable([
    ['Backquote', '²', ''],
    ['Digit1', '&', '1'], ['Digit2', 'é', '2'], ['Digit3', '"', '3', '#'], ['Digit4', "'", '4', '{'],
    ['Digit5', '(', '5', '['], ['Digit6', '-', '6', '|'], ['Digit7', 'è', '7'], ['Digit8', '_', '8', '\\'],
    ['Digit9', 'ç', '9', '^'], ['Digit0', 'à', '0', '@'],
    ['Minus', ')', '°', ']'], ['Equal', '=', '+', '}'],
    ...letterRows(['KeyQ', 'KeyW', 'KeyE', 'KeyA', 'KeyZ', 'KeyM']),
    ['KeyQ', 'a', 'A'], ['KeyW', 'z', 'Z'], ['KeyE', 'e', 'E', '€'], ['KeyA', 'q', 'Q'], ['KeyZ', 'w', 'W'],
    ['Semicolon', 'm', 'M'], ['KeyM', ',', '?'],
    ['BracketLeft', '', ''], ['BracketRight', '$', '£', '¤'],
    ['Quote', 'ù', '%'], ['Backslash', '*', 'µ'],
    ['IntlBackslash', '<', '>'],
    ['Comma', ';', '.'], ['Period', ':', '/'], ['Slash', '!', '§'],
  ]),
};
