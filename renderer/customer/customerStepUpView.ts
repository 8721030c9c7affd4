import type { StepUpView } from '../../main/api/contract/stepUp';
import type { ApiClient } from '../apiClient';
import { bankIdQrSvg } from '../bankIdQr';
import { el } from '../elements';
import { createKeypad } from '../views/keypad';
import type { ViewContext } from '../views/screenView';
import type { CustomerView } from './customerViews';

export interface CustomerStepUpView extends CustomerView {
  /** The next second's QR data, a BankID hint, or tries left after a wrong code. */
  update(verification: StepUpView): void;
}

/** A verification the customer completes on their own screen: BankID's animated QR with its message, or the SMS code. */
export function customerStepUpView(ctx: ViewContext, client: ApiClient, verification: StepUpView): CustomerStepUpView {
  return verification.method === 'bankid' ? bankIdView(ctx, verification) : smsCodeView(ctx, client, verification);
}

function bankIdView(ctx: ViewContext, first: StepUpView): CustomerStepUpView {
  const h1 = el('h1', { id: 'customer-heading', tabindex: -1 }, ctx.t('cd.bankidHeading'));
  const qrBox = el('div', { class: 'bankid-box', 'data-testid': 'customer-bankid-qr' });
  const message = el('p', { class: 'bankid-message', role: 'status', 'aria-live': 'polite' });
  const root = el(
    'section',
    { class: 'cd-screen cd-stepup cd-bankid', 'aria-labelledby': 'customer-heading' },
    qrBox,
    el('div', { class: 'cd-stepup-text' }, h1, el('p', { class: 'cd-lead' }, ctx.t('cd.bankidLead')), message),
  );
  let shownQr: string | null = null;
  function update(verification: StepUpView): void {
    const bankId = verification.bankId;
    const qrData = bankId?.qrData ?? null;
    if (qrData !== shownQr) {
      shownQr = qrData;
      qrBox.replaceChildren(...(qrData ? [bankIdQrSvg(qrData, ctx.t('cd.bankidQrLabel'))] : []));
      qrBox.dataset.qr = qrData ?? '';
      qrBox.hidden = qrData === null;
    }
    message.textContent = bankId?.message ? bankId.message[ctx.language] : '';
  }
  update(first);
  return { root, focus: () => h1.focus(), update };
}

function smsCodeView(ctx: ViewContext, client: ApiClient, first: StepUpView): CustomerStepUpView {
  const h1 = el('h1', { id: 'customer-heading', tabindex: -1 }, ctx.t('cd.smsHeading'));
  const input = el('input', {
    id: 'cd-code', class: 'lookup-input code-input', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 7,
    'aria-describedby': 'cd-code-message',
  });
  const message = el('p', { id: 'cd-code-message', class: 'field-check', role: 'status' });
  const submit = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('cd.smsSubmit'));
  let verificationId = first.verificationId;
  const form = el(
    'form',
    {
      class: 'cd-code-form', novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const code = input.value.replace(/\D/g, '');
        if (code.length !== (first.codeLength ?? 6)) return say('cd.smsNeedCode', 'error');
        submit.disabled = true;
        submit.textContent = ctx.t('cd.smsChecking');
        const answer = await client.submitStepUpCode(verificationId, code);
        submit.disabled = false;
        submit.textContent = ctx.t('cd.smsSubmit');
        if (!answer.ok) return say('cd.smsFailed', 'error');
        if (answer.value.result === 'verified') return say('cd.smsDone', 'ok');
        if (answer.value.result === 'wrong_code') {
          input.value = '';
          return say('cd.smsWrong', 'error', answer.value.verification.triesLeft ?? 0);
        }
        say('cd.smsFailed', 'error');
      },
    },
    el('div', { class: 'cd-join-field' }, el('label', { for: 'cd-code', class: 'field-label' }, ctx.t('cd.smsCodeLabel')), input, message, el('div', { class: 'action-bar' }, submit)),
    createKeypad(ctx, input, { plus: false, label: ctx.t('cd.keypadLabel') }),
  );
  function say(key: 'cd.smsNeedCode' | 'cd.smsDone' | 'cd.smsFailed' | 'cd.smsWrong', tone: 'ok' | 'error', count?: number): void {
    message.textContent = ctx.t(key, count === undefined ? {} : { count });
    message.dataset.tone = tone;
    if (tone === 'error') {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } else input.removeAttribute('aria-invalid');
  }
  const root = el('section', { class: 'cd-screen cd-stepup cd-sms', 'aria-labelledby': 'customer-heading' }, h1, el('p', { class: 'cd-small' }, ctx.t('cd.smsLead')), form);
  return {
    root,
    focus: () => input.focus(),
    update(verification) {
      verificationId = verification.verificationId;
    },
  };
}
