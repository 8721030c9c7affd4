import type { StepUpAction } from '../api/contract/stepUp';
import { TillFailure } from '../tillFailure';
import type { PolicyDecision } from './policy';

const ACTION_WORDS: Record<StepUpAction, string> = {
  attach_receipt: 'attaching the receipt',
  earn_points: 'earning points',
  show_recent_purchases: 'showing recent purchases',
  redeem_points: 'redeeming points',
  use_personal_offer: 'using an offer',
  change_contact_details: 'changing contact details',
};

/** "earning points and attaching the receipt": what still works, in words a cashier reads aloud. */
export function actionList(actions: readonly StepUpAction[]): string {
  const words = actions.map((action) => ACTION_WORDS[action]);
  if (words.length <= 1) return words[0] ?? 'nothing that needs the customer';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) as string}`;
}

/** 403 `step_up_required`: never a bare refusal; it carries what would raise the assurance, or says plainly why nothing can. */
export function stepUpRequired(decision: Extract<PolicyDecision, { allowed: false }>): TillFailure {
  const { allowed: _allowed, ...extra } = decision;
  const detail = decision.offline
    ? `This needs a ${decision.required} customer, and the till cannot reach the CRM to verify them now. Still possible: ${actionList(decision.stillAllowed)}. The member QR code in the app works offline.`
    : decision.methods.length > 0
      ? `This needs a ${decision.required} customer. Verify them (${decision.methods.join(', ')}) or scan the member QR code in the app.`
      : `This needs a ${decision.required} customer. The CRM cannot verify this member yet: scan the member QR code in the app.`;
  return new TillFailure('step_up_required', detail, extra);
}

/** 503 `offline`: no verification can start; what still works. */
export function offlineProblem(stillAllowed: StepUpAction[], detail?: string): TillFailure {
  return new TillFailure('offline', detail ?? `The till cannot reach the CRM, so no verification can start now. Still possible: ${actionList(stillAllowed)}. The member QR code in the app works offline.`,
    { stillAllowed, present: ['member_qr'] },
  );
}

