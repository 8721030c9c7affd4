import type { MembershipTerms } from '../../main/api/contract/screens';
import type { SignupRequest } from '../../main/api/contract/signup';
import type { ApiClient } from '../apiClient';
import { checkContact, type ContactCheck } from '../contactCheck';
import { el } from '../elements';
import type { MessageKey } from '../i18n/english';
import { createKeypad } from '../views/keypad';
import type { ViewContext } from '../views/screenView';
import type { CustomerView } from './customerViews';

export interface CustomerJoinDeps {
  client: ApiClient;
  terms: MembershipTerms;
}

/** The live word under the contact field while the customer types; null says nothing yet. */
export function contactHintKey(check: ContactCheck): { key: MessageKey; tone: 'ok' | 'wait' | 'error' } | null {
  switch (check.kind) {
    case 'empty':
      return null;
    case 'email':
      return check.state === 'valid' ? { key: 'cd.emailValid', tone: 'ok' } : null;
    case 'phone':
      if (check.state === 'valid') return { key: 'cd.phoneValid', tone: 'ok' };
      return check.state === 'incomplete' ? { key: 'cd.phoneIncomplete', tone: 'wait' } : { key: 'cd.phoneInvalid', tone: 'error' };
  }
}

/** Why the contact cannot be used yet, when the customer presses Next; null when it can. */
export function contactErrorKey(check: ContactCheck): MessageKey | null {
  if (check.kind === 'empty') return 'cd.contactEmpty';
  if (check.kind === 'email') return check.state === 'valid' ? null : 'cd.emailInvalid';
  return check.state === 'valid' ? null : check.state === 'incomplete' ? 'cd.phoneIncomplete' : 'cd.phoneInvalid';
}

/**
 * Joining on the customer's own screen: they type their mobile number or e-mail, read the terms and accept them
 * themselves. The sign-up records the terms' version and that the consent was given here (`customer_display`).
 */
export function customerJoinView(ctx: ViewContext, deps: CustomerJoinDeps): CustomerView {
  const contact = el('input', {
    id: 'cd-contact', class: 'lookup-input', type: 'text', inputmode: 'tel', autocomplete: 'off', maxlength: 254, spellcheck: 'false',
    'aria-describedby': 'cd-contact-hint cd-contact-check',
  });
  const hint = el('p', { id: 'cd-contact-hint', class: 'field-hint' }, ctx.t('cd.joinContactHint'));
  const check = el('p', { id: 'cd-contact-check', class: 'field-check', 'aria-live': 'polite' });
  const keypad = createKeypad(ctx, contact, { plus: true, label: ctx.t('cd.keypadLabel') });
  const useEmail = el('button', { type: 'button', class: 'button link', onclick: () => setEmailMode(contact.inputMode !== 'email') }, ctx.t('cd.joinUseEmail'));
  const cancel = (): void => void deps.client.cancelCustomerJoin();

  function setEmailMode(email: boolean): void {
    contact.inputMode = email ? 'email' : 'tel';
    keypad.hidden = email;
    useEmail.textContent = ctx.t(email ? 'cd.joinUsePhone' : 'cd.joinUseEmail');
    contact.focus();
  }

  function showCheck(error: MessageKey | null): void {
    const live = contactHintKey(checkContact(contact.value));
    const shown = error ? { key: error, tone: 'error' as const } : live;
    check.textContent = shown ? ctx.t(shown.key) : '';
    check.dataset.tone = shown?.tone ?? '';
    if (shown?.tone === 'error') contact.setAttribute('aria-invalid', 'true');
    else contact.removeAttribute('aria-invalid');
  }
  contact.addEventListener('input', () => showCheck(null));

  const contactStep = el(
    'form',
    {
      class: 'cd-join-contact', novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const error = contactErrorKey(checkContact(contact.value));
        showCheck(error);
        if (error) return contact.focus();
        showStep('terms');
      },
    },
    el(
      'div',
      { class: 'cd-join-field' },
      el('label', { for: 'cd-contact', class: 'field-label' }, ctx.t('cd.joinContactLabel')),
      contact,
      check,
      hint,
      useEmail,
      el(
        'div',
        { class: 'action-bar' },
        el('button', { type: 'button', class: 'button quiet', onclick: cancel }, ctx.t('cd.joinCancel')),
        el('button', { type: 'submit', class: 'button primary wide', 'data-testid': 'cd-next' }, ctx.t('cd.joinNext')),
      ),
    ),
    keypad,
  );

  const marketingEmail = el('input', { id: 'cd-marketing-email', type: 'checkbox' });
  const marketingSms = el('input', { id: 'cd-marketing-sms', type: 'checkbox' });
  const termsError = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const accept = el('button', { type: 'submit', class: 'button primary wide', 'data-testid': 'cd-accept' }, ctx.t('cd.joinAccept'));
  const termsHeading = el('h2', { id: 'cd-terms-heading' }, deps.terms.title[ctx.language]);
  const termsText = el(
    'div',
    { class: 'cd-terms-text', tabindex: 0, role: 'region', 'aria-labelledby': 'cd-terms-heading', 'data-terms-version': deps.terms.version },
    ...deps.terms.text[ctx.language].split(/\n{2,}/).map((paragraph) => el('p', {}, paragraph)),
  );
  const checkRow = (input: HTMLInputElement, key: MessageKey): HTMLElement => el('div', { class: 'check' }, input, el('label', { for: input.id }, ctx.t(key)));
  const termsStep = el(
    'form',
    { class: 'cd-join-terms', novalidate: true, hidden: true, onsubmit: (event: Event) => void submit(event) },
    el('p', { class: 'cd-small' }, ctx.t('cd.joinTermsLead')),
    termsHeading,
    termsText,
    checkRow(marketingEmail, 'cd.joinMarketingEmail'),
    checkRow(marketingSms, 'cd.joinMarketingSms'),
    termsError,
    el(
      'div',
      { class: 'action-bar' },
      el('button', { type: 'button', class: 'button quiet', onclick: () => showStep('contact') }, ctx.t('cd.joinBack')),
      accept,
    ),
  );

  const h1 = el('h1', { id: 'customer-heading', tabindex: -1 }, ctx.t('cd.joinHeading'));
  const root = el('section', { class: 'cd-screen cd-join', 'aria-labelledby': 'customer-heading' }, h1, contactStep, termsStep);

  function showStep(step: 'contact' | 'terms'): void {
    contactStep.hidden = step !== 'contact';
    termsStep.hidden = step !== 'terms';
    if (step === 'terms') termsHeading.focus({ preventScroll: true });
    else contact.focus();
  }
  termsHeading.tabIndex = -1;

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const value = contact.value.trim();
    const request: SignupRequest = {
      ...(checkContact(value).kind === 'email' ? { email: value } : { phone: value }),
      consents: { terms: true, marketingEmail: marketingEmail.checked, marketingSms: marketingSms.checked, termsVersion: deps.terms.version },
      givenOn: 'customer_display',
    };
    accept.disabled = true;
    accept.textContent = ctx.t('cd.joinSaving');
    const result = await deps.client.signup(request);
    accept.disabled = false;
    accept.textContent = ctx.t('cd.joinAccept');
    // Joined: the till makes the new member the customer, and its `identified` event shows them here.
    if (result.ok) return;
    if (result.problem.type === 'already_member') {
      // Already a member: find them, as the cashier would.
      await deps.client.identify(value, 'typed');
      return;
    }
    if (result.problem.type === 'invalid_phone' || result.problem.type === 'invalid_email') {
      showStep('contact');
      showCheck(result.problem.type === 'invalid_phone' ? 'cd.phoneInvalid' : 'cd.emailInvalid');
      return;
    }
    termsError.hidden = false;
    termsError.textContent = ctx.t('cd.joinFailed');
  }

  return { root, focus: () => contact.focus() };
}
