import type { CashierState } from '../cashierState';
import { el } from '../elements';
import { cardIcon, phoneIcon, qrIcon } from '../icons';
import { createKeypad } from './keypad';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

/** "Are you a member?": the three ways in, and a keypad for a phone number. */
export function idleScreen(ctx: ViewContext, actions: CashierActions): ScreenView {
  const input = el('input', {
    id: 'lookup-input',
    class: 'lookup-input',
    type: 'text',
    inputmode: 'tel',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    maxlength: 254,
    'data-wedge-field': 'lookup',
  });
  const find = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('idle.find'));
  const clear = el('button', { type: 'button', class: 'button quiet', onclick: () => { input.value = ''; input.focus(); } }, ctx.t('idle.clear'));
  const form = el(
    'form',
    {
      class: 'lookup',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        actions.lookUp(input.value);
      },
    },
    el('label', { for: 'lookup-input', class: 'field-label' }, ctx.t('idle.inputLabel')),
    input,
    createKeypad(ctx, input, { plus: true, label: ctx.t('idle.inputLabel') }),
    el('div', { class: 'action-bar' }, clear, find),
  );
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('idle.question'));
  // Not buttons: a plain list of what the customer can show (the scanner or the field does the work).
  const way = (svg: SVGSVGElement, text: string): HTMLLIElement => el('li', {}, svg, el('span', {}, text));
  const root = el(
    'section',
    { class: 'screen idle', 'aria-labelledby': 'screen-heading' },
    el(
      'div',
      { class: 'welcome' },
      heading,
      el('p', { class: 'other-language', lang: ctx.language === 'sv' ? 'en' : 'sv' }, ctx.t('idle.otherLanguage')),
      el('p', { class: 'hint' }, ctx.t('idle.hint')),
      el('ul', { class: 'ways', 'aria-label': ctx.t('idle.waysLabel') }, way(qrIcon(), ctx.t('idle.wayQr')), way(cardIcon(), ctx.t('idle.wayCard')), way(phoneIcon(), ctx.t('idle.wayPhone'))),
      el('button', { type: 'button', class: 'button link', onclick: () => actions.askJoin(input.value) }, ctx.t('idle.join')),
    ),
    form,
  );
  return {
    root,
    focus: () => input.focus(),
    update(state: CashierState) {
      find.disabled = state.busy;
      find.textContent = ctx.t(state.busy ? 'idle.searching' : 'idle.find');
      if (state.notice) input.setAttribute('aria-describedby', 'notice');
      else input.removeAttribute('aria-describedby');
    },
  };
}
