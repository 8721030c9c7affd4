import { OfferUnavailableReasonSchema } from '../main/api/contract/stepUp';
import type { OfferUnavailableReason, StepUpCodeAnswer, StepUpFailureReason, StepUpMethod, StepUpView } from '../main/api/contract/stepUp';
import type { ClientProblem, Message } from './problemMessages';
import { messageForProblem } from './problemMessages';

/** Where a redemption at the till stands: the amount, the proof it needs, the CRM's answer. */
export type RedeemStage =
  | { name: 'amount' }
  /** The customer's level is too low: the ways to raise it. */
  | { name: 'choose'; points: number; methods: StepUpMethod[] }
  /** A verification is running: SMS code entry, waiting for an e-mail link, or BankID's QR code. */
  | { name: 'verifying'; points: number; methods: StepUpMethod[]; verification: StepUpView }
  /** Waiting for the member QR code from the app to be scanned. */
  | { name: 'member_qr'; points: number; methods: StepUpMethod[] }
  /** The redemption is on its way to the CRM. */
  | { name: 'redeeming'; points: number }
  /** No CRM: nothing can be verified or redeemed now. `inDoubt`: a redemption's answer was lost. */
  | { name: 'offline'; points: number; inDoubt: boolean }
  | { name: 'done'; points: number; pointsBalance: number };

export interface RedeemFlow {
  stage: RedeemStage;
  /** A call is on its way: its button waits. */
  busy: boolean;
  /** What went wrong or what to do now. */
  message: Message | null;
}

export type RedeemFlowAction =
  | { type: 'amount_submitted'; points: number }
  | { type: 'redeemed'; points: number; pointsBalance: number }
  | { type: 'refused'; problem: ClientProblem }
  | { type: 'method_chosen' }
  | { type: 'member_qr_chosen' }
  | { type: 'started'; verification: StepUpView }
  | { type: 'code_submitted' }
  | { type: 'code_answered'; answer: StepUpCodeAnswer }
  /** A `stepup.updated` event: a new BankID QR code or hint, a wrong code's tries left. */
  | { type: 'verification_changed'; verification: StepUpView }
  | { type: 'verification_failed'; verificationId: string; reason: StepUpFailureReason }
  /** The customer is verified now (a code, a link, BankID, or a member QR scanned meanwhile). */
  | { type: 'verified' }
  /** Back from a verification (or the member QR) to the ways to verify. */
  | { type: 'back' }
  | { type: 'retry' }
  /** Something typed cannot be sent (no amount, not 6 digits): say so, change nothing else. */
  | { type: 'hint'; message: Message };

export const initialRedeemFlow: RedeemFlow = { stage: { name: 'amount' }, busy: false, message: null };

const failureKeys: Record<StepUpFailureReason, Message['key']> = {
  expired: 'su.expired',
  too_many_tries: 'su.tooManyTries',
  failed: 'su.failed',
  cancelled: 'su.cancelled',
  customer_changed: 'su.customerChanged',
  offline: 'su.lostCrm',
};

const problemKeys: Record<string, Message['key']> = {
  insufficient_points: 'rd.insufficient',
  unknown_profile: 'rd.unknownProfile',
  redemption_in_progress: 'rd.inProgress',
  no_customer: 'rd.noCustomer',
  crm_refused: 'su.crmRefused',
  method_unavailable: 'su.methodUnavailable',
  not_enrolled: 'su.notEnrolled',
  customer_changed: 'su.customerChanged',
  step_up_not_found: 'su.failed',
  crm_unavailable: 'of.crmUnavailable',
};

/** Every reason the till may give, worded (the compiler holds the table to the contract's list). */
const offerReasonKeys: Record<OfferUnavailableReason, Message['key']> = {
  already_redeemed: 'of.alreadyRedeemed',
  expired: 'of.expired',
  not_found: 'of.notFound',
  not_at_pos: 'of.notAtPos',
};

/** Words for a refusal on the redeem screen; anything not specific to it is worded as everywhere else. */
export function messageForRedeemProblem(problem: ClientProblem): Message {
  if (problem.type === 'step_up_rate_limited') {
    const minutes = Math.max(1, Math.ceil((problem.retryAfterSeconds ?? 60) / 60));
    return minutes === 1 ? { key: 'su.rateLimitedOne' } : { key: 'su.rateLimited', params: { minutes } };
  }
  if (problem.type === 'offer_not_available') {
    const reason = OfferUnavailableReasonSchema.safeParse(problem.reason);
    return { key: reason.success ? offerReasonKeys[reason.data] : 'of.notFound' };
  }
  const key = problemKeys[problem.type];
  return key ? { key } : messageForProblem(problem);
}

function wrongCodeMessage(triesLeft: number | undefined): Message {
  return triesLeft === 1 ? { key: 'su.wrongCodeOne' } : { key: 'su.wrongCode', params: { count: triesLeft ?? 0 } };
}

function pointsOf(stage: RedeemStage): number {
  return stage.name === 'amount' ? 0 : stage.points;
}

function methodsOf(stage: RedeemStage): StepUpMethod[] {
  return stage.name === 'choose' || stage.name === 'verifying' || stage.name === 'member_qr' ? stage.methods : [];
}

const KNOWN_METHODS: readonly string[] = ['sms', 'email_link', 'bankid'];

type VerifyingStage = Extract<RedeemStage, { name: 'verifying' }>;

/** The till's answer to a typed SMS code: on to the redemption, once more, or back to the ways to verify. */
function afterCode(stage: VerifyingStage, answer: StepUpCodeAnswer): RedeemFlow {
  const choose: RedeemStage = { name: 'choose', points: stage.points, methods: stage.methods };
  switch (answer.result) {
    case 'verified':
      return { stage: { name: 'redeeming', points: stage.points }, busy: true, message: null };
    case 'wrong_code':
      return { stage: { ...stage, verification: answer.verification }, busy: false, message: wrongCodeMessage(answer.verification.triesLeft) };
    case 'expired':
      return { stage: choose, busy: false, message: { key: 'su.codeExpired' } };
    case 'too_many_tries':
      return { stage: choose, busy: false, message: { key: 'su.tooManyTries' } };
    case 'not_pending':
      return { stage: choose, busy: false, message: { key: 'su.notPending' } };
  }
}

/** What the redeem screen shows next. Pure: the screen makes the calls each stage implies (`redeeming` calls the CRM). */
export function nextRedeemFlow(flow: RedeemFlow, action: RedeemFlowAction): RedeemFlow {
  const stage = flow.stage;
  switch (action.type) {
    case 'amount_submitted':
      if (stage.name !== 'amount' || flow.busy) return flow;
      return { stage: { name: 'redeeming', points: action.points }, busy: true, message: null };
    case 'redeemed':
      return { stage: { name: 'done', points: action.points, pointsBalance: action.pointsBalance }, busy: false, message: null };
    case 'refused': {
      const problem = action.problem;
      const points = pointsOf(stage);
      if (problem.type === 'step_up_required' && !problem.offline) {
        const methods = (problem.methods ?? []).filter((m): m is StepUpMethod => KNOWN_METHODS.includes(m));
        return { stage: { name: 'choose', points, methods }, busy: false, message: null };
      }
      if (problem.type === 'offline' || problem.type === 'step_up_required') {
        return { stage: { name: 'offline', points, inDoubt: problem.inDoubt === true }, busy: false, message: null };
      }
      if (problem.type === 'already_verified') return { stage: { name: 'redeeming', points }, busy: true, message: null };
      const message = messageForRedeemProblem(problem);
      // A redemption refused outright goes back to the amount; a verification refused, to the ways to verify.
      if (stage.name === 'redeeming') return { stage: { name: 'amount' }, busy: false, message };
      if (stage.name === 'verifying' && problem.type === 'step_up_not_found') {
        return { stage: { name: 'choose', points, methods: stage.methods }, busy: false, message };
      }
      return { ...flow, busy: false, message };
    }
    case 'method_chosen':
      return stage.name === 'choose' && !flow.busy ? { ...flow, busy: true, message: null } : flow;
    case 'member_qr_chosen':
      return stage.name === 'choose' ? { stage: { name: 'member_qr', points: stage.points, methods: stage.methods }, busy: false, message: null } : flow;
    case 'started':
      if (stage.name !== 'choose' && stage.name !== 'verifying') return flow;
      return { stage: { name: 'verifying', points: stage.points, methods: stage.methods, verification: action.verification }, busy: false, message: null };
    case 'code_submitted':
      return stage.name === 'verifying' && !flow.busy ? { ...flow, busy: true, message: null } : flow;
    case 'code_answered':
      if (stage.name !== 'verifying' || stage.verification.verificationId !== action.answer.verification.verificationId) return flow;
      return afterCode(stage, action.answer);
    case 'verification_changed':
      if (stage.name !== 'verifying' || stage.verification.verificationId !== action.verification.verificationId) return flow;
      return { ...flow, stage: { ...stage, verification: action.verification } };
    case 'verification_failed':
      if (stage.name !== 'verifying' || stage.verification.verificationId !== action.verificationId) return flow;
      return { stage: { name: 'choose', points: stage.points, methods: stage.methods }, busy: false, message: { key: failureKeys[action.reason] } };
    case 'verified':
      if (stage.name !== 'choose' && stage.name !== 'verifying' && stage.name !== 'member_qr') return flow;
      return { stage: { name: 'redeeming', points: stage.points }, busy: true, message: null };
    case 'back':
      if (stage.name !== 'verifying' && stage.name !== 'member_qr') return flow;
      return { stage: { name: 'choose', points: stage.points, methods: methodsOf(stage) }, busy: false, message: null };
    case 'retry':
      if (stage.name !== 'offline') return flow;
      return { stage: { name: 'redeeming', points: stage.points }, busy: true, message: null };
    case 'hint':
      return { ...flow, busy: false, message: action.message };
  }
}
