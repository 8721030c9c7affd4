import type { StepUpMethod, StepUpView } from '../../main/api/contract/stepUp';
import { bankIdQrSvg } from '../bankIdQr';
import { el } from '../elements';
import { localeOf } from '../i18n/language';
import { phoneIcon, qrIcon } from '../icons';
import { formatPoints } from '../localeFormat';
import type { RedeemFlow } from '../redeemFlow';
import { createKeypad } from './keypad';
import type { RedeemPanel, RedeemPanelActions } from './redeemPanel';
import { describeWithMessage, panelHeading } from './redeemPanel';
import type { ViewContext } from './screenView';

/** The ways to verify the customer: those the till offers for them, and always the member QR in the app. */
/**
 * `offer`: the step-up is for that offer, which only a verification the CRM ran proves: the member QR is not offered,
 * and the lead names the offer.
 */
export function choosePanel(ctx: ViewContext, actions: RedeemPanelActions, stage: { points: number; methods: StepUpMethod[] }, offer?: { title: string }): RedeemPanel {
  const heading = panelHeading(ctx.t('su.heading'));
  const buttons = stage.methods.map((method) =>
    el('button', { type: 'button', class: 'button quiet method', 'data-method': method, onclick: () => actions.choose(method) }, ctx.t(`su.method.${method}`)),
  );
  const memberQr = el(
    'button',
    { type: 'button', class: 'button quiet method', 'data-method': 'member_qr', onclick: () => actions.chooseMemberQr() },
    qrIcon(),
    ctx.t('su.method.member_qr'),
  );
  const shown = offer ? buttons : [...buttons, memberQr];
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead' }, offer ? ctx.t('of.stepUpLead', { title: offer.title }) : ctx.t('su.lead', { points: formatPoints(ctx.language, stage.points) })),
    el('ul', { class: 'methods', 'aria-label': ctx.t('su.methodsLabel') }, ...shown.map((button) => el('li', {}, button))),
    el('div', { class: 'row' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.close() }, ctx.t('rd.cancel'))),
  );
  return {
    heading,
    body,
    focus: () => heading.focus(),
    update(flow: RedeemFlow) {
      for (const button of [...buttons, memberQr]) button.disabled = flow.busy;
    },
  };
}

function clockTime(ctx: ViewContext, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(localeOf(ctx.language), { timeStyle: 'short' }).format(date);
}

function cancelRow(ctx: ViewContext, actions: RedeemPanelActions, ...more: HTMLElement[]): HTMLElement {
  return el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.back() }, ctx.t('su.cancel')), ...more);
}

/** The 6-digit code from the text message, on the keypad, with the tries left. */
export function smsPanel(ctx: ViewContext, actions: RedeemPanelActions, verification: StepUpView): RedeemPanel {
  const heading = panelHeading(ctx.t('su.smsHeading'));
  const input = el('input', {
    id: 'stepup-code', class: 'lookup-input code-input', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 7,
  });
  const tries = el('p', { class: 'field-hint', id: 'stepup-tries', 'data-testid': 'tries-left' });
  const submit = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('su.submitCode'));
  const form = el(
    'form',
    {
      class: 'lookup', novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        actions.submitCode(input.value);
      },
    },
    el('label', { for: 'stepup-code', class: 'field-label' }, ctx.t('su.codeLabel')),
    input,
    tries,
    createKeypad(ctx, input, { plus: false, label: ctx.t('su.codeLabel') }),
    cancelRow(ctx, actions, submit),
  );
  const body = el('div', { class: 'redeem-body' }, el('p', { class: 'lead' }, ctx.t('su.smsLead', { time: clockTime(ctx, verification.expiresAt) })), form);
  let triesShown = verification.triesLeft;
  return {
    heading,
    body,
    focus: () => input.focus(),
    update(flow: RedeemFlow) {
      const stage = flow.stage;
      const left = stage.name === 'verifying' ? stage.verification.triesLeft : undefined;
      tries.textContent = left === undefined ? '' : left === 1 ? ctx.t('su.oneTryLeft') : ctx.t('su.triesLeft', { count: left });
      if (left !== triesShown) {
        // A wrong code: start the next one from an empty field.
        triesShown = left;
        input.value = '';
        input.focus();
      }
      submit.disabled = flow.busy;
      submit.textContent = ctx.t(flow.busy ? 'su.checking' : 'su.submitCode');
      describeWithMessage(input, flow);
    },
  };
}

/** Waiting for the customer to open the link the CRM mailed; the screen moves on when the till hears it was opened. */
export function emailPanel(ctx: ViewContext, actions: RedeemPanelActions): RedeemPanel {
  const heading = panelHeading(ctx.t('su.emailHeading'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead' }, ctx.t('su.emailLead')),
    el('p', { class: 'waiting', role: 'status' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), ctx.t('su.waiting')),
    cancelRow(ctx, actions),
  );
  return { heading, body, focus: () => heading.focus() };
}

/** BankID: the animated QR code (new data every second, from the CRM through the till) and BankID's own message. */
export function bankIdPanel(ctx: ViewContext, actions: RedeemPanelActions, onCustomerDisplay: boolean): RedeemPanel {
  const heading = panelHeading(ctx.t('su.bankidHeading'));
  const qrBox = el('div', { class: 'bankid-box', 'data-testid': 'bankid-qr', hidden: true });
  const message = el('p', { class: 'bankid-message', role: 'status', 'aria-live': 'polite', 'data-testid': 'bankid-message' });
  // The code is the customer's to scan: with a customer display it is drawn there, not here.
  const lead = el('p', { class: 'lead' }, ctx.t(onCustomerDisplay ? 'su.bankidOnCustomerDisplay' : 'su.bankidLead'));
  const body = el('div', { class: 'redeem-body' }, lead, qrBox, message, cancelRow(ctx, actions));
  let drawn: string | null = null;
  return {
    heading,
    body,
    focus: () => heading.focus(),
    update(flow: RedeemFlow) {
      if (flow.stage.name !== 'verifying') return;
      const bankId = flow.stage.verification.bankId;
      const qrData = bankId?.qrData ?? null;
      if (qrData !== drawn && !onCustomerDisplay) {
        drawn = qrData;
        qrBox.replaceChildren(...(qrData === null ? [] : [bankIdQrSvg(qrData, ctx.t('su.bankidQrLabel'))]));
        qrBox.hidden = qrData === null;
      }
      const text = bankId?.message ? bankId.message[ctx.language] : '';
      if (message.textContent !== text) message.textContent = text;
    },
  };
}

/** The member QR in the app counts as verified (and works offline): scan it, and the redemption goes on by itself. */
export function memberQrPanel(ctx: ViewContext, actions: RedeemPanelActions): RedeemPanel {
  const heading = panelHeading(ctx.t('su.memberQrHeading'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead member-qr-explained' }, phoneIcon(), el('span', {}, ctx.t('su.memberQrLead'))),
    el('div', { class: 'row' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.back() }, ctx.t('su.back'))),
  );
  return { heading, body, focus: () => heading.focus() };
}
