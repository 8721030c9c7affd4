import type { MembershipTerms } from '../../main/api/contract/screens';
import type { SignupRequest } from '../../main/api/contract/signup';
import type { CashierState } from '../cashierState';
import { checkContact, type ContactCheck } from '../contactCheck';
import { el } from '../elements';
import type { MessageKey } from '../i18n/english';
import { translate, type Language } from '../i18n/language';
import type { CashierActions, ScreenView, ViewContext } from './screenView';

const introKey: Record<'typed' | 'scan' | 'asked', MessageKey | null> = { typed: 'join.fromTyped', scan: 'join.fromScan', asked: null };

export interface JoinScreenOptions {
  reason: 'typed' | 'scan' | 'asked';
  contact: string;
  /** The sign-up is on the customer display now. */
  withCustomer: boolean;
  /** The terms the customer reads (null until the till has sent them). */
  terms: MembershipTerms | null;
}

/** The live word under the contact field while it is typed; null says nothing (yet). */
export function joinContactCheckKey(check: ContactCheck): { key: MessageKey; tone: 'ok' | 'wait' | 'error' } | null {
  if (check.kind === 'empty') return null;
  if (check.kind === 'email') return check.state === 'valid' ? { key: 'join.emailValid', tone: 'ok' } : null;
  if (check.state === 'valid') return { key: 'join.phoneValid', tone: 'ok' };
  return check.state === 'incomplete' ? { key: 'join.phoneIncomplete', tone: 'wait' } : { key: 'join.phoneInvalid', tone: 'error' };
}

/**
 * Joining. The cashier never accepts the terms for the customer: with a customer display, the customer joins there;
 * without one, the cashier types the contact and turns this screen to the customer, who reads the terms and accepts.
 */
export function joinScreen(ctx: ViewContext, actions: CashierActions, screen: JoinScreenOptions): ScreenView {
  return screen.withCustomer ? withCustomerPanel(ctx, actions) : joinForm(ctx, actions, screen);
}

function withCustomerPanel(ctx: ViewContext, actions: CashierActions): ScreenView {
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('join.withCustomerHeading'));
  const root = el(
    'section',
    { class: 'screen join', 'aria-labelledby': 'screen-heading', 'data-join': 'with-customer' },
    heading,
    el('p', { class: 'waiting' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), ctx.t('join.withCustomerLead')),
    el(
      'div',
      { class: 'action-bar' },
      el('button', { type: 'button', class: 'button quiet', onclick: () => actions.cancel() }, ctx.t('join.cancel')),
      el('button', { type: 'button', class: 'button quiet', onclick: () => actions.takeJoinBack() }, ctx.t('join.takeBack')),
    ),
  );
  return { root, focus: () => heading.focus() };
}

function joinForm(ctx: ViewContext, actions: CashierActions, screen: JoinScreenOptions): ScreenView {
  const contact = el('input', {
    id: 'join-contact', type: 'text', inputmode: 'email', autocomplete: 'off', maxlength: 254, value: screen.contact,
    'aria-describedby': 'join-contact-check join-contact-hint', 'data-wedge-field': 'join-contact',
  });
  const firstName = el('input', { id: 'join-first-name', type: 'text', autocomplete: 'off', maxlength: 100 });
  const contactCheck = el('p', { id: 'join-contact-check', class: 'field-check', 'aria-live': 'polite' });
  const handOver = el('button', { type: 'button', class: 'button primary wide', 'data-testid': 'hand-to-customer', onclick: () => actions.handJoinToCustomer() }, ctx.t('join.handToCustomer'));
  const turn = el('button', { type: 'submit', class: 'button primary wide', 'data-testid': 'turn-screen' }, ctx.t('join.turnScreen'));

  /** Marks the contact field: `error` (on Next, or from the till) wins over the live check. */
  function showContactCheck(error: MessageKey | null): void {
    const live = joinContactCheckKey(checkContact(contact.value));
    const shown = error ? { key: error, tone: 'error' as const } : live;
    contactCheck.textContent = shown ? ctx.t(shown.key) : '';
    contactCheck.dataset.tone = shown?.tone ?? '';
    if (shown?.tone === 'error') contact.setAttribute('aria-invalid', 'true');
    else contact.removeAttribute('aria-invalid');
  }
  contact.addEventListener('input', () => showContactCheck(null));
  showContactCheck(null);

  function contactError(): MessageKey | null {
    const check = checkContact(contact.value);
    if (check.kind === 'empty') return 'join.needContact';
    if (check.kind === 'email') return check.state === 'valid' ? null : 'join.emailInvalid';
    return check.state === 'valid' ? null : check.state === 'incomplete' ? 'join.phoneIncomplete' : 'join.phoneInvalid';
  }

  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('join.heading'));
  const introKeyShown = introKey[screen.reason];
  const intro = introKeyShown ? el('p', { class: 'lead' }, ctx.t(introKeyShown)) : null;
  const form = el(
    'form',
    {
      class: 'join-form', novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const error = contactError();
        showContactCheck(error);
        if (error) return contact.focus();
        showTurned(true);
      },
    },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'join-contact', class: 'field-label' }, ctx.t('join.contactLabel')),
      contact,
      contactCheck,
      el('p', { id: 'join-contact-hint', class: 'field-hint' }, ctx.t('join.contactHint')),
    ),
    el('div', { class: 'field' }, el('label', { for: 'join-first-name', class: 'field-label' }, ctx.t('join.firstNameLabel')), firstName),
    el('p', { class: 'field-hint' }, ctx.t('join.nextStep')),
    el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.cancel() }, ctx.t('join.cancel')), handOver, turn),
  );

  const turned = turnedPanel(ctx, screen.terms, {
    back: () => showTurned(false),
    accept: async (consents) => {
      const value = contact.value.trim();
      const request: SignupRequest = {
        ...(checkContact(value).kind === 'email' ? { email: value } : { phone: value }),
        ...(firstName.value.trim() ? { firstName: firstName.value.trim() } : {}),
        consents: { terms: true, ...consents, ...(screen.terms ? { termsVersion: screen.terms.version } : {}) },
        givenOn: 'till_screen',
      };
      const problem = await actions.join(request);
      if (problem?.field === 'contact') {
        showTurned(false);
        showContactCheck(problem.message.key);
        contact.focus();
        return null;
      }
      return problem?.message ?? null;
    },
  });

  const root = el(
    'section',
    { class: 'screen join', 'aria-labelledby': 'screen-heading' },
    heading,
    intro,
    form,
    turned.root,
  );

  function showTurned(on: boolean): void {
    form.hidden = on;
    heading.hidden = on;
    turned.root.hidden = !on;
    root.classList.toggle('turned', on);
    if (intro) intro.hidden = on;
    if (on) turned.focus();
    else contact.focus();
  }

  return {
    root,
    focus: () => (screen.contact && contactError() === null ? firstName.focus() : contact.focus()),
    update(state: CashierState) {
      // With a customer display, the customer joins there; turning this screen stays as the other way.
      handOver.hidden = !state.customerDisplay;
      turn.classList.toggle('primary', !state.customerDisplay);
      turn.classList.toggle('quiet', state.customerDisplay);
    },
  };
}

interface TurnedActions {
  back(): void;
  /** Answers a message to show when joining failed for another reason than the contact. */
  accept(consents: { marketingEmail: boolean; marketingSms: boolean }): Promise<{ key: MessageKey; params?: Record<string, string | number> } | null>;
}

/** The screen turned to the customer: the terms in large type, their own choice on offers, and their acceptance. */
function turnedPanel(ctx: ViewContext, terms: MembershipTerms | null, actions: TurnedActions): { root: HTMLElement; focus(): void } {
  let language: Language = ctx.language;
  const title = el('h1', { id: 'turned-heading', tabindex: -1 });
  const text = el('div', { class: 'terms-text', tabindex: 0, role: 'region', 'aria-labelledby': 'turned-heading', 'data-terms-version': terms?.version ?? '' });
  const other = el('button', { type: 'button', class: 'button link', onclick: () => showTerms(language === 'sv' ? 'en' : 'sv') });
  function showTerms(next: Language): void {
    language = next;
    title.textContent = terms ? terms.title[language] : ctx.t('join.heading');
    title.setAttribute('lang', language);
    text.setAttribute('lang', language);
    text.replaceChildren(...(terms ? terms.text[language].split(/\n{2,}/).map((paragraph) => el('p', {}, paragraph)) : []));
    other.textContent = translate(language, 'join.readOtherLanguage');
    other.setAttribute('lang', language === 'sv' ? 'en' : 'sv');
  }
  showTerms(language);
  const marketingEmail = el('input', { id: 'join-marketing-email', type: 'checkbox' });
  const marketingSms = el('input', { id: 'join-marketing-sms', type: 'checkbox' });
  const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const accept = el('button', { type: 'submit', class: 'button primary wide', 'data-testid': 'accept-terms' }, ctx.t('join.accept'));
  const check = (input: HTMLInputElement, key: MessageKey): HTMLElement => el('div', { class: 'check' }, input, el('label', { for: input.id }, ctx.t(key)));
  const root = el(
    'form',
    {
      class: 'turned-panel', novalidate: true, hidden: true, 'aria-labelledby': 'turned-heading',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        accept.disabled = true;
        accept.textContent = ctx.t('join.saving');
        const problem = await actions.accept({ marketingEmail: marketingEmail.checked, marketingSms: marketingSms.checked });
        accept.disabled = false;
        accept.textContent = ctx.t('join.accept');
        error.hidden = problem === null;
        error.textContent = problem ? ctx.t(problem.key, problem.params) : '';
        if (problem) accept.focus();
      },
    },
    el('p', { class: 'lead' }, ctx.t('join.turnedLead')),
    title,
    other,
    text,
    el('fieldset', { class: 'consents' }, el('legend', {}, ctx.t('join.consentsLegend')), check(marketingEmail, 'join.marketingEmail'), check(marketingSms, 'join.marketingSms')),
    error,
    el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.back() }, ctx.t('join.turnBack')), accept),
  );
  return { root, focus: () => title.focus() };
}
