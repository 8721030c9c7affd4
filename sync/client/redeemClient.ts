import type { Logger } from 'pino';
import { PointsRedemptionSchema, REDEMPTION_PATH } from '../protocol/redemption';
import type { PointsRedemption, PointsRedemptionRequest } from '../protocol/redemption';
import type { CrmHttpClient } from './crmHttpClient';
import type { SyncFailureKind } from './syncFailure';
import { meansUnreachable, toSyncFailure } from './syncFailure';

/**
 * What one redemption at the CRM came to. Never throws.
 * `in_doubt`: the CRM could not be reached or its answer was lost: the points may or may not have been spent. Send the
 * same request (same idempotency key) again later: the CRM answers it once and never spends twice.
 */
export type RedeemExchange =
  | { outcome: 'redeemed'; redemption: PointsRedemption }
  | { outcome: 'insufficient_points' }
  | { outcome: 'unknown_profile' }
  | { outcome: 'in_doubt'; reason: SyncFailureKind }
  | { outcome: 'not_enrolled' }
  | { outcome: 'refused'; reason: SyncFailureKind; status?: number };

/**
 * POST /sync/v1/points/redeem. Marked idempotent (it carries its key), so the HTTP client retries it after a lost
 * answer within the call; the answers of those retries are the first answer.
 */
export async function redeemPointsAtCrm(http: () => Promise<CrmHttpClient>, request: PointsRedemptionRequest, logger?: Logger): Promise<RedeemExchange> {
  try {
    const client = await http();
    const redemption = await client.request({ method: 'POST', path: REDEMPTION_PATH, body: request, schema: PointsRedemptionSchema, idempotent: true });
    return { outcome: 'redeemed', redemption };
  } catch (error) {
    const failure = toSyncFailure(error);
    logger?.info({ request: `POST ${REDEMPTION_PATH}`, kind: failure.kind, status: failure.status, problem: failure.problemType }, 'points redemption failed');
    if (failure.kind === 'not_enrolled') return { outcome: 'not_enrolled' };
    if (failure.problemType === 'insufficient_points') return { outcome: 'insufficient_points' };
    if (failure.problemType === 'unknown_profile') return { outcome: 'unknown_profile' };
    if (meansUnreachable(failure.kind)) return { outcome: 'in_doubt', reason: failure.kind };
    return { outcome: 'refused', reason: failure.kind, ...(failure.status === undefined ? {} : { status: failure.status }) };
  }
}
