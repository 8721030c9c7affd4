import { v7 as uuidv7 } from 'uuid';
import type { ApiClient } from '../apiClient';
import { checkContact } from '../contactCheck';
import { el } from '../elements';
import type { MessageKey } from '../i18n/english';
import { createKeypad } from '../views/keypad';
import type { ViewContext } from '../views/screenView';

export interface ReceiptOfferDeps {
  client: ApiClient;
  receiptId: string;
  /** A member bought: the CRM knows their contact, so they may choose it without it being shown. */
  member: boolean;
  /** The customer started using the offer: the thank-you must not go away under their fingers. */
  engaged(): void;
  /** The offer is over (sent, declined or failed): the thank-you may go on its way. */
  finished(): void;
}

type Channel = 'email' | 'sms';

/**
 * "Would you like the receipt digitally?" on the thank-you. The customer types their own address here, or (a member)
 * picks the contact the CRM has without seeing it. The address goes only into the request body: not into the page
 * after sending, and never onto the cashier's screen (no event carries it).
 */
export function customerReceiptOffer(ctx: ViewContext, deps: ReceiptOfferDeps): HTMLElement {
  // One key per offer: a retried send of the same choice is the same request.
  const idempotencyKey = uuidv7();
  const status = el('p', { class: 'cd-receipt-status', role: 'status', 'aria-live': 'polite' });
  const box = el('section', { class: 'cd-receipt-offer', 'aria-labelledby': 'cd-receipt-heading', 'data-testid': 'cd-receipt-offer' });
  const button = (key: MessageKey, onclick: () => void, testId: string, primary = false): HTMLButtonElement =>
    el('button', { type: 'button', class: primary ? 'button primary' : 'button', 'data-testid': testId, onclick }, ctx.t(key));

  function showChoices(): void {
    const choices = deps.member
      ? [
          button('cd.receiptToMyEmail', () => void send('email', undefined), 'cd-receipt-my-email'),
          button('cd.receiptToMyPhone', () => void send('sms', undefined), 'cd-receipt-my-phone'),
          button('cd.receiptOtherAddress', () => showEntry('email'), 'cd-receipt-type-email'),
        ]
      : [button('cd.receiptByEmail', () => showEntry('email'), 'cd-receipt-type-email'), button('cd.receiptBySms', () => showEntry('sms'), 'cd-receipt-type-sms')];
    box.replaceChildren(el('h2', { id: 'cd-receipt-heading' }, ctx.t('cd.receiptOffer')), el('div', { class: 'cd-receipt-choices' }, ...choices), status);
  }

  function showEntry(channel: Channel): void {
    deps.engaged();
    const input = el('input', {
      id: 'cd-receipt-to', class: 'lookup-input', type: channel === 'email' ? 'email' : 'tel', inputmode: channel === 'email' ? 'email' : 'tel',
      autocomplete: 'off', maxlength: 254, spellcheck: 'false', 'aria-describedby': 'cd-receipt-status-text',
    });
    status.id = 'cd-receipt-status-text';
    const form = el(
      'form',
      {
        class: 'cd-receipt-entry', novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          const check = checkContact(input.value);
          const fits = channel === 'email' ? check.kind === 'email' && check.state === 'valid' : check.kind === 'phone' && check.state === 'valid';
          if (!fits) {
            status.textContent = ctx.t(channel === 'email' ? 'cd.emailInvalid' : 'cd.phoneInvalid');
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          void send(channel, input.value.trim());
        },
      },
      el('label', { for: 'cd-receipt-to', class: 'field-label' }, ctx.t(channel === 'email' ? 'cd.receiptEmailLabel' : 'cd.receiptPhoneLabel')),
      input,
      status,
      el(
        'div',
        { class: 'action-bar' },
        el('button', { type: 'button', class: 'button quiet', onclick: () => decline() }, ctx.t('cd.receiptCancel')),
        el('button', { type: 'submit', class: 'button primary wide', 'data-testid': 'cd-receipt-send' }, ctx.t('cd.receiptSend')),
      ),
      channel === 'sms' ? createKeypad(ctx, input, { plus: true, label: ctx.t('cd.keypadLabel') }) : null,
    );
    box.replaceChildren(form);
    input.focus();
  }

  function decline(): void {
    status.textContent = '';
    showChoices();
    deps.finished();
  }

  async function send(channel: Channel, to: string | undefined): Promise<void> {
    deps.engaged();
    status.textContent = ctx.t('cd.receiptSending');
    box.querySelectorAll('button').forEach((b) => (b.disabled = true));
    const result = await deps.client.requestReceiptDelivery({ idempotencyKey, receiptId: deps.receiptId, channel, ...(to === undefined ? {} : { to }) });
    const done = el('p', { class: 'cd-receipt-status', role: 'status', 'data-testid': 'cd-receipt-result' }, ctx.t(result.ok ? 'cd.receiptQueued' : 'cd.receiptFailed'));
    // The typed address leaves the page with the form.
    box.replaceChildren(done);
    deps.finished();
  }

  showChoices();
  return box;
}
