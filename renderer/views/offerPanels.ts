import { el } from '../elements';
import type { RedeemFlow } from '../redeemFlow';
import type { RedeemPanel, RedeemPanelActions } from './redeemPanel';
import type { RedeemedWords } from './redeemPanels';
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

export function offerRedeemed(ctx: ViewContext, offer: { title: string }): RedeemedWords {
  return {
    heading: ctx.t('of.doneHeading'),
    line: el('p', { class: 'lead', 'data-testid': 'offer-redeemed' }, ctx.t('of.doneBody', { title: offer.title })),
    focus: 'done',
  };
}
