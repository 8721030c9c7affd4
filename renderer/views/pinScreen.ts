import { el } from '../elements';
import { createKeypad } from './keypad';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

/** The manager's PIN, checked by the till (never here). */
export function pinScreen(ctx: ViewContext, actions: CashierActions): ScreenView {
  const input = el('input', { id: 'pin-input', class: 'lookup-input pin', type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 12 });
  const error = el('p', { id: 'pin-error', class: 'field-error', role: 'alert', hidden: true });
  const unlock = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('pin.submit'));
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('pin.heading'));
  const root = el(
    'section',
    { class: 'screen pin-screen', 'aria-labelledby': 'screen-heading' },
    heading,
    el(
      'form',
      {
        class: 'lookup',
        novalidate: true,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          unlock.disabled = true;
          const problem = await actions.unlock(input.value);
          unlock.disabled = false;
          input.value = '';
          error.hidden = problem === null;
          error.textContent = problem ? ctx.t(problem.key, problem.params) : '';
          if (problem) {
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', 'pin-error');
            input.focus();
          }
        },
      },
      el('label', { for: 'pin-input', class: 'field-label' }, ctx.t('pin.label')),
      input,
      error,
      createKeypad(ctx, input, { plus: false, label: ctx.t('pin.label') }),
      el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.cancel() }, ctx.t('pin.cancel')), unlock),
    ),
  );
  return { root, focus: () => input.focus() };
}
