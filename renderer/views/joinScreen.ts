import type { SignupRequest } from '../../main/api/contract/signup';
import type { CashierState } from '../cashierState';
import { el } from '../elements';
import type { MessageKey } from '../i18n/english';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

const introKey: Record<'typed' | 'scan' | 'asked', MessageKey | null> = { typed: 'join.fromTyped', scan: 'join.fromScan', asked: null };

/** Join in one screen: phone or email, an optional first name, and the consents (terms required, marketing opt-in). */
export function joinScreen(ctx: ViewContext, actions: CashierActions, screen: { reason: 'typed' | 'scan' | 'asked'; contact: string }): ScreenView {
  const contact = el('input', {
    id: 'join-contact', type: 'text', inputmode: 'email', autocomplete: 'off', maxlength: 254, value: screen.contact,
    'aria-describedby': 'join-contact-hint', 'data-wedge-field': 'join-contact',
  });
  const firstName = el('input', { id: 'join-first-name', type: 'text', autocomplete: 'off', maxlength: 100 });
  const terms = el('input', { id: 'join-terms', type: 'checkbox', 'aria-describedby': 'join-terms-error' });
  const marketingEmail = el('input', { id: 'join-marketing-email', type: 'checkbox' });
  const marketingSms = el('input', { id: 'join-marketing-sms', type: 'checkbox' });
  const contactError = el('p', { id: 'join-contact-error', class: 'field-error', hidden: true });
  const termsError = el('p', { id: 'join-terms-error', class: 'field-error', hidden: true });
  const formError = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('join.submit'));

  function showError(field: HTMLInputElement, error: HTMLElement, key: MessageKey | null): void {
    error.hidden = key === null;
    error.textContent = key ? ctx.t(key) : '';
    if (key) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const value = contact.value.trim();
    showError(contact, contactError, value === '' ? 'join.needContact' : null);
    showError(terms, termsError, terms.checked ? null : 'join.needTerms');
    contact.setAttribute('aria-describedby', value === '' ? 'join-contact-hint join-contact-error' : 'join-contact-hint');
    if (value === '') return contact.focus();
    if (!terms.checked) return terms.focus();
    const request: SignupRequest = {
      ...(value.includes('@') ? { email: value } : { phone: value }),
      ...(firstName.value.trim() ? { firstName: firstName.value.trim() } : {}),
      consents: { terms: true, marketingEmail: marketingEmail.checked, marketingSms: marketingSms.checked },
    };
    submit.disabled = true;
    submit.textContent = ctx.t('join.saving');
    const problem = await actions.join(request);
    submit.disabled = false;
    submit.textContent = ctx.t('join.submit');
    formError.hidden = problem === null;
    formError.textContent = problem ? ctx.t(problem.key, problem.params) : '';
  }

  const check = (input: HTMLInputElement, key: MessageKey): HTMLElement =>
    el('div', { class: 'check' }, input, el('label', { for: input.id }, ctx.t(key)));
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('join.heading'));
  const intro = introKey[screen.reason];
  const root = el(
    'section',
    { class: 'screen join', 'aria-labelledby': 'screen-heading' },
    heading,
    intro ? el('p', { class: 'lead' }, ctx.t(intro)) : null,
    el(
      'form',
      { class: 'join-form', novalidate: true, onsubmit: (event: Event) => void onSubmit(event) },
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'join-contact', class: 'field-label' }, ctx.t('join.contactLabel')),
        contact,
        el('p', { id: 'join-contact-hint', class: 'field-hint' }, ctx.t('join.contactHint')),
        contactError,
      ),
      el('div', { class: 'field' }, el('label', { for: 'join-first-name', class: 'field-label' }, ctx.t('join.firstNameLabel')), firstName),
      el(
        'fieldset',
        { class: 'consents' },
        el('legend', {}, ctx.t('join.consentsLegend')),
        check(terms, 'join.terms'),
        termsError,
        check(marketingEmail, 'join.marketingEmail'),
        check(marketingSms, 'join.marketingSms'),
      ),
      formError,
      el('div', { class: 'row' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.cancel() }, ctx.t('join.cancel')), submit),
    ),
  );
  return {
    root,
    focus: () => (screen.contact ? firstName.focus() : contact.focus()),
    update(_state: CashierState) {},
  };
}
