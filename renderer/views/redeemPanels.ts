import { el } from '../elements';
import { checkIcon, cloudOffIcon } from '../icons';
import { formatPoints } from '../localeFormat';
import type { RedeemFlow } from '../redeemFlow';
import { createKeypad } from './keypad';
import type { RedeemPanel, RedeemPanelActions } from './redeemPanel';
import { describeWithMessage, panelHeading } from './redeemPanel';
import type { ViewContext } from './screenView';

/** How many points: typed on the keypad (or a keyboard), checked against the balance on screen. */
export function amountPanel(ctx: ViewContext, actions: RedeemPanelActions, balance: number): RedeemPanel {
  const heading = panelHeading(ctx.t('rd.heading'));
  const input = el('input', {
    id: 'redeem-points', class: 'lookup-input', type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 9,
  });
  const submit = el('button', { type: 'submit', class: 'button primary wide' }, ctx.t('rd.submit'));
  const form = el(
    'form',
    {
      class: 'lookup', novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        actions.submitAmount(input.value);
      },
    },
    el('label', { for: 'redeem-points', class: 'field-label' }, ctx.t('rd.amountLabel')),
    input,
    createKeypad(ctx, input, { plus: false, label: ctx.t('rd.amountLabel') }),
    el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.close() }, ctx.t('rd.cancel')), submit),
  );
  const body = el('div', { class: 'redeem-body' }, el('p', { class: 'lead balance', 'data-testid': 'balance' }, ctx.t('rd.balance', { points: formatPoints(ctx.language, balance) })), form);
  return {
    heading,
    body,
    focus: () => input.focus(),
    update(flow: RedeemFlow) {
      submit.disabled = flow.busy;
      describeWithMessage(input, flow);
    },
  };
}

/** The redemption is on its way to the CRM; `heading` says what is redeemed. */
export function redeemingPanel(ctx: ViewContext, heading: string): RedeemPanel {
  const h1 = panelHeading(heading);
  return { heading: h1, body: el('div', { class: 'redeem-body' }, el('p', { class: 'lead', role: 'status' }, ctx.t('rd.redeemingLead'))), focus: () => h1.focus() };
}

/** What a confirmed redemption says: its heading, the line under the check mark, and what has the focus. */
export interface RedeemedWords {
  heading: string;
  line: HTMLElement;
  focus: 'heading' | 'done';
}

export function pointsRedeemed(ctx: ViewContext, stage: { points: number; pointsBalance: number }): RedeemedWords {
  return {
    heading: ctx.t('rd.doneHeading', { points: formatPoints(ctx.language, stage.points) }),
    line: el('p', { class: 'lead new-balance', 'data-testid': 'new-balance' }, ctx.t('rd.newBalance', { points: formatPoints(ctx.language, stage.pointsBalance) })),
    focus: 'heading',
  };
}

export function donePanel(ctx: ViewContext, actions: RedeemPanelActions, words: RedeemedWords): RedeemPanel {
  const heading = panelHeading(words.heading);
  const done = el('button', { type: 'button', class: 'button primary wide', onclick: () => actions.close() }, ctx.t('rd.done'));
  const body = el('div', { class: 'redeem-body' }, el('div', { class: 'receipt-mark' }, checkIcon()), words.line, el('div', { class: 'row' }, done));
  return { heading, body, focus: () => (words.focus === 'done' ? done : heading).focus() };
}

/** No CRM: say plainly (`explained`) that nothing can be verified or redeemed now, and what still works. */
export function offlinePanel(ctx: ViewContext, actions: RedeemPanelActions, explained: string): RedeemPanel {
  const heading = panelHeading(ctx.t('rd.offlineHeading'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead offline-explained' }, cloudOffIcon(), el('span', {}, explained)),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', class: 'button quiet', onclick: () => actions.close() }, ctx.t('rd.backToMember')),
      el('button', { type: 'button', class: 'button primary', onclick: () => actions.retry() }, ctx.t('rd.retry')),
    ),
  );
  return { heading, body, focus: () => heading.focus() };
}
