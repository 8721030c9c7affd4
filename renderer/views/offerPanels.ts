import { el } from '../elements';
import { checkIcon, cloudOffIcon } from '../icons';
import type { RedeemFlow } from '../redeemFlow';
import type { RedeemPanel, RedeemPanelActions } from './redeemPanel';
import { panelHeading } from './redeemPanel';
import type { ViewContext } from './screenView';

/** An offer of the member's summary, ready to redeem (and where a refusal lands, with its message above). */
export function offerPanel(ctx: ViewContext, actions: RedeemPanelActions, offer: { title: string }): RedeemPanel {
  const heading = panelHeading(ctx.t('of.heading'));
  const submit = el('button', { type: 'button', class: 'button primary', onclick: () => actions.submitOffer() }, ctx.t('of.submit'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead', 'data-testid': 'offer-title' }, ctx.t('of.lead', { title: offer.title })),
    el('div', { class: 'action-bar' }, el('button', { type: 'button', class: 'button quiet', onclick: () => actions.close() }, ctx.t('rd.cancel')), submit),
  );
  return {
    heading,
    body,
    focus: () => submit.focus(),
    update(flow: RedeemFlow) {
      submit.disabled = flow.busy;
    },
  };
}

export function offerRedeemingPanel(ctx: ViewContext): RedeemPanel {
  const heading = panelHeading(ctx.t('of.redeeming'));
  return { heading, body: el('div', { class: 'redeem-body' }, el('p', { class: 'lead', role: 'status' }, ctx.t('rd.redeemingLead'))), focus: () => heading.focus() };
}

export function offerDonePanel(ctx: ViewContext, actions: RedeemPanelActions, offer: { title: string }): RedeemPanel {
  const heading = panelHeading(ctx.t('of.doneHeading'));
  const done = el('button', { type: 'button', class: 'button primary wide', onclick: () => actions.close() }, ctx.t('rd.done'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('div', { class: 'receipt-mark' }, checkIcon()),
    el('p', { class: 'lead', 'data-testid': 'offer-redeemed' }, ctx.t('of.doneBody', { title: offer.title })),
    el('div', { class: 'row' }, done),
  );
  return { heading, body, focus: () => done.focus() };
}

/** No CRM: an offer needs a connection; nothing was redeemed or queued. */
export function offerOfflinePanel(ctx: ViewContext, actions: RedeemPanelActions, stage: { inDoubt: boolean }): RedeemPanel {
  const heading = panelHeading(ctx.t('rd.offlineHeading'));
  const body = el(
    'div',
    { class: 'redeem-body' },
    el('p', { class: 'lead offline-explained', 'data-testid': 'offer-offline' }, cloudOffIcon(), el('span', {}, ctx.t(stage.inDoubt ? 'of.inDoubtBody' : 'of.offlineBody'))),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', class: 'button quiet', onclick: () => actions.close() }, ctx.t('rd.backToMember')),
      el('button', { type: 'button', class: 'button primary', onclick: () => actions.retry() }, ctx.t('rd.retry')),
    ),
  );
  return { heading, body, focus: () => heading.focus() };
}
