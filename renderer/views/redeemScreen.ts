import type { TillEvent } from '../../main/api/contract/events';
import type { ProfileSummary } from '../../main/api/contract/profile';
import type { StepUpMethod } from '../../main/api/contract/stepUp';
import type { ApiClient } from '../apiClient';
import type { CashierState, MemberOnScreen, OfferOnScreen } from '../cashierState';
import { el } from '../elements';
import { initialRedeemFlow, nextRedeemFlow, type RedeemFlow, type RedeemFlowAction } from '../redeemFlow';
import type { RedeemPanel, RedeemPanelActions } from './redeemPanel';
import { REDEEM_MESSAGE_ID } from './redeemPanel';
import { amountPanel, donePanel, offlinePanel, pointsRedeemed, redeemingPanel } from './redeemPanels';
import { offerPanel, offerRedeemed } from './offerPanels';
import type { ScreenView, ViewContext } from './screenView';
import { bankIdPanel, choosePanel, emailPanel, memberQrPanel, smsPanel } from './stepUpPanels';

/** What the redeem screen needs of the app. */
export interface RedeemScreenActions {
  client: ApiClient;
  /** Whether a customer display follows the till (the BankID QR is then drawn there). */
  customerDisplay(): boolean;
  /** Back to the member screen. */
  close(): void;
  /** The CRM confirmed a new balance: the rest of the screens show it at once (the event may come later). */
  profileUpdated(profile: ProfileSummary): void;
}

/** An offer has no amount: its `amount` stage is the offer, submitted as 0 points. */
const OFFER_SUBMITTED: RedeemFlowAction = { type: 'amount_submitted', points: 0 };

/**
 * "Redeem points": the amount on the keypad, then, when the customer's level is too low, the step-up that raises it
 * (SMS code, e-mail link, BankID, or the member QR in the app), then the redemption again and the new balance.
 * The flow is a pure reducer (renderer/redeemFlow.ts); this view draws it and makes the calls it implies.
 * With `offer`, the same flow redeems that offer instead (its `amount` stage is the offer, its points 0): it starts at
 * once (a customer the member QR identified is redeemed on that proof, without a step-up panel), and a step-up it
 * needs (a typed or card customer, or a QR the CRM found too old) is one the CRM runs (started with `forOffer`).
 */
export function redeemScreen(ctx: ViewContext, actions: RedeemScreenActions, initial: MemberOnScreen, offer?: OfferOnScreen): ScreenView {
  const { client } = actions;
  let flow: RedeemFlow = offer ? nextRedeemFlow(initialRedeemFlow, OFFER_SUBMITTED) : initialRedeemFlow;
  let member = initial;
  let panel: RedeemPanel | null = null;
  let panelKey = '';
  let disposed = false;
  /** Verifications that ended on their own (verified, failed): nothing to cancel when the screen moves on. */
  const finished = new Set<string>();

  const message = el('p', { id: REDEEM_MESSAGE_ID, class: 'redeem-message', role: 'alert', 'aria-atomic': 'true' });
  const root = el('section', { class: 'screen redeem', 'aria-labelledby': 'screen-heading', 'data-profile-id': initial.profile.id });

  function keyOf(f: RedeemFlow): string {
    return f.stage.name === 'verifying' ? `verifying-${f.stage.verification.method}:${f.stage.verification.verificationId}` : f.stage.name;
  }

  function buildPanel(f: RedeemFlow): RedeemPanel {
    const stage = f.stage;
    switch (stage.name) {
      case 'amount':
        return offer ? offerPanel(ctx, panelActions, offer) : amountPanel(ctx, panelActions, member.profile.pointsBalance);
      case 'choose':
        return choosePanel(ctx, panelActions, stage, offer);
      case 'verifying':
        if (stage.verification.method === 'sms') return smsPanel(ctx, panelActions, stage.verification);
        return stage.verification.method === 'bankid' ? bankIdPanel(ctx, panelActions, actions.customerDisplay()) : emailPanel(ctx, panelActions);
      case 'member_qr':
        return memberQrPanel(ctx, panelActions);
      case 'redeeming':
        return redeemingPanel(ctx, ctx.t(offer ? 'of.redeeming' : 'rd.redeeming'));
      case 'offline':
        return offlinePanel(ctx, panelActions, ctx.t(offer ? (stage.inDoubt ? 'of.inDoubtBody' : 'of.offlineBody') : stage.inDoubt ? 'rd.inDoubtBody' : 'rd.offlineBody'));
      case 'done':
        return donePanel(ctx, panelActions, offer ? offerRedeemed(ctx, offer) : pointsRedeemed(ctx, stage));
    }
  }

  function render(): void {
    const key = keyOf(flow);
    const rebuilt = key !== panelKey || panel === null;
    if (rebuilt) {
      panel = buildPanel(flow);
      panelKey = key;
      root.replaceChildren(panel.heading, message, panel.body);
      root.dataset.stage = key.split(':')[0] ?? key;
    }
    message.textContent = flow.message ? ctx.t(flow.message.key, flow.message.params) : '';
    panel?.update?.(flow);
    if (rebuilt && !disposed && root.isConnected) panel?.focus();
  }

  function dispatch(action: RedeemFlowAction): void {
    const previous = flow;
    flow = nextRedeemFlow(flow, action);
    if (flow === previous) return;
    render();
    afterChange(previous);
  }

  /** The calls a new stage implies: redeem on entering `redeeming`, cancel a verification that was left. */
  function afterChange(previous: RedeemFlow): void {
    const before = previous.stage;
    if (before.name === 'verifying' && keyOf(flow) !== keyOf(previous) && !finished.has(before.verification.verificationId)) {
      void client.cancelStepUp(before.verification.verificationId);
    }
    if (flow.stage.name === 'redeeming' && before.name !== 'redeeming') void redeem(flow.stage.points);
  }

  async function redeem(points: number): Promise<void> {
    if (offer) return redeemOffer(offer);
    const result = await client.redeemPoints(points);
    if (disposed) return;
    if (!result.ok) return dispatch({ type: 'refused', problem: result.problem });
    actions.profileUpdated(result.value.profile);
    dispatch({ type: 'redeemed', points: result.value.points, pointsBalance: result.value.pointsBalance });
  }

  async function redeemOffer(chosen: OfferOnScreen): Promise<void> {
    const result = await client.redeemOffer(chosen.id);
    if (disposed) return;
    if (!result.ok) return dispatch({ type: 'refused', problem: result.problem });
    dispatch({ type: 'redeemed', points: 0, pointsBalance: member.profile.pointsBalance });
  }

  async function start(method: StepUpMethod): Promise<void> {
    dispatch({ type: 'method_chosen' });
    const result = await client.startStepUp(method, offer !== undefined);
    if (disposed) return;
    if (!result.ok) return dispatch({ type: 'refused', problem: result.problem });
    dispatch({ type: 'started', verification: result.value });
  }

  async function submitCode(text: string): Promise<void> {
    const stage = flow.stage;
    if (stage.name !== 'verifying') return;
    const code = text.replace(/[\s-]/g, '');
    if (!/^\d{6}$/.test(code)) return dispatch({ type: 'hint', message: { key: 'su.needCode' } });
    dispatch({ type: 'code_submitted' });
    const id = stage.verification.verificationId;
    const result = await client.submitStepUpCode(id, code);
    if (disposed) return;
    if (!result.ok) return dispatch({ type: 'refused', problem: result.problem });
    if (result.value.result !== 'wrong_code') finished.add(id);
    dispatch({ type: 'code_answered', answer: result.value });
  }

  const panelActions: RedeemPanelActions = {
    submitAmount(text) {
      const digits = text.replace(/[\s.,]/g, '');
      const points = /^\d{1,8}$/.test(digits) ? Number(digits) : 0;
      if (points <= 0) return dispatch({ type: 'hint', message: { key: 'rd.needAmount' } });
      if (points > member.profile.pointsBalance) {
        return dispatch({ type: 'hint', message: { key: 'rd.tooMany', params: { points: member.profile.pointsBalance } } });
      }
      dispatch({ type: 'amount_submitted', points });
    },
    submitOffer: () => dispatch(OFFER_SUBMITTED),
    choose: (method) => void start(method),
    chooseMemberQr: () => dispatch({ type: 'member_qr_chosen' }),
    submitCode: (text) => void submitCode(text),
    back: () => dispatch({ type: 'back' }),
    retry: () => dispatch({ type: 'retry' }),
    close: () => actions.close(),
  };

  render();
  if (flow.stage.name === 'redeeming') void redeem(flow.stage.points);

  return {
    root,
    focus: () => panel?.focus(),
    update(state: CashierState) {
      if (state.screen.name !== 'redeem') return;
      member = state.screen.member;
      // A member QR scanned meanwhile, or a verification completed: the redemption goes on by itself. Not for an
      // offer: its proof is the CRM's to judge, so only stepup.completed goes on.
      if (member.assurance === 'verified' && !offer) dispatch({ type: 'verified' });
    },
    onEvent(event: TillEvent) {
      switch (event.type) {
        case 'stepup.updated':
          dispatch({ type: 'verification_changed', verification: event.verification });
          return;
        case 'stepup.completed':
          finished.add(event.verification.verificationId);
          if (flow.stage.name === 'verifying' && flow.stage.verification.verificationId === event.verification.verificationId) dispatch({ type: 'verified' });
          return;
        case 'stepup.failed':
          finished.add(event.verification.verificationId);
          dispatch({ type: 'verification_failed', verificationId: event.verification.verificationId, reason: event.reason });
          return;
        default:
          return;
      }
    },
    dispose() {
      disposed = true;
      if (flow.stage.name === 'verifying' && !finished.has(flow.stage.verification.verificationId)) {
        void client.cancelStepUp(flow.stage.verification.verificationId);
      }
    },
  };
}
