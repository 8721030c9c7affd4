import type { Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import { stepUpOrders } from '../stepUp/stepUpOrders';
import { PROMOTION_RULES } from '../../sync/protocol';
import type { StepUpProofProblem } from '../../sync/protocol';

/**
 * Whether verification `verificationId` proves the customer at till `tillId` to own `profileId` at `now`: the hub's
 * own record of it (step_up_orders), never the till's word. It must be this till's, completed (`verified`), for the
 * same member (both sides resolved through merges), and completed within PROMOTION_RULES.stepUpMaxAgeMs.
 */
export async function checkStepUpProof(
  tx: Sql, mirror: MemberMirror, tillId: string, verificationId: string, profileId: string, now: number,
): Promise<{ ok: true } | { ok: false; reason: StepUpProofProblem }> {
  const row = await stepUpOrders.find(tx, verificationId);
  if (!row || row.till_id !== tillId) return { ok: false, reason: 'unknown_verification' };
  if (row.status !== 'verified' || row.finished_at === null) return { ok: false, reason: 'not_verified' };
  if (row.resolved_profile_id === null) return { ok: false, reason: 'other_profile' };
  const proven = await mirror.resolveRef(tx, row.resolved_profile_id);
  if (!('profileId' in proven) || proven.profileId !== profileId) return { ok: false, reason: 'other_profile' };
  if (Number(row.finished_at) < now - PROMOTION_RULES.stepUpMaxAgeMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}
