import { el } from '../elements';
import { backspaceIcon } from '../icons';
import type { ViewContext } from './screenView';

/**
 * A big on-screen number pad that types into `input`. Buttons do not take focus from the input on a mouse or touch
 * press, so a physical keyboard keeps working alongside; with Tab they are ordinary buttons.
 */
export function createKeypad(ctx: ViewContext, input: HTMLInputElement, options: { plus: boolean; label: string }): HTMLElement {
  const type = (text: string): void => {
    input.value += text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const key = (label: string, onPress: () => void, attributes: Record<string, string> = {}): HTMLButtonElement =>
    el('button', { type: 'button', class: 'key', onmousedown: (event: Event) => event.preventDefault(), onclick: onPress, ...attributes }, label);

  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, () => type(d)));
  const plus = options.plus ? key('+', () => type('+'), { 'aria-label': '+' }) : el('span', { class: 'key-spacer', 'aria-hidden': 'true' });
  const zero = key('0', () => type('0'));
  const backspace = key('', () => {
    input.value = input.value.slice(0, -1);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, { 'aria-label': ctx.t('idle.backspace'), class: 'key key-muted' });
  backspace.appendChild(backspaceIcon());
  return el('div', { class: 'keypad', role: 'group', 'aria-label': options.label }, ...digits, plus, zero, backspace);
}
