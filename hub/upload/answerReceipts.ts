import type { Sql } from '../db/sql';
import type { CrmDeliveryQueue } from '../delivery/crmDeliveryQueue';
import type { MemberMirror, Resolution } from '../mirror/memberMirror';
import type { ReceiptPayload } from '../../sync/protocol';

/** Points a receipt earns: one per whole unit of the total, none for a refund. */
export function pointsFor(total: number): number {
  return total > 0 ? Math.floor(total) : 0;
}

/** Where a receipt or consent attaches: a profile, nowhere, or a provisional id awaiting its sign-up. */
export interface Attachment {
  profileId: string | null;
  pendingRef: string | null;
}

/**
 * A till's profile reference as resolved (MemberMirror.resolveRefs): a provisional id through its sign-up mapping, a
 * merged-away id to the survivor, an erased id to nothing. An id not known yet is held until a sign-up maps it.
 */
export function attachment(ref: string | null, resolution: Resolution | undefined): Attachment {
  if (ref === null || resolution === undefined || 'erased' in resolution) return { profileId: null, pendingRef: null };
  if ('unknown' in resolution) return { profileId: null, pendingRef: ref };
  return { profileId: resolution.profileId, pendingRef: null };
}

/**
 * Answers consecutive receipts of a batch set-wise, exactly as one at a time would: a handful of statements however
 * many there are (every reference resolved at once, one multi-row insert that finds the new receipts, their queueing
 * to the CRM, and one credit per profile). Receipts change nothing another receipt's answer depends on (they never
 * map, merge or erase a profile), so only the same receiptId twice needs care: the first counts, the second is a
 * duplicate. Runs inside the upload's transaction, with the write lock when a receipt names a member.
 */
export async function answerReceipts(
  tx: Sql,
  mirror: MemberMirror,
  crmQueue: CrmDeliveryQueue | null,
  receipts: readonly ReceiptPayload[],
  tillId: string,
  now: number,
): Promise<Array<'accepted' | 'duplicate'>> {
  const refs = receipts.flatMap((r) => (r.profileId === null ? [] : [r.profileId]));
  const resolved = await mirror.resolveRefs(tx, refs);
  const firstAt = new Map<string, number>();
  receipts.forEach((receipt, i) => {
    if (!firstAt.has(receipt.receiptId)) firstAt.set(receipt.receiptId, i);
  });
  const rows = receipts
    .filter((receipt, i) => firstAt.get(receipt.receiptId) === i)
    .map((receipt) => ({ receipt, at: attachment(receipt.profileId, receipt.profileId === null ? undefined : resolved.get(receipt.profileId)) }));

  // In receiptId order: two transactions inserting receipts in common (anonymous ones take no write lock) take their
  // row locks in the same order, so neither can wait for the other in a cycle.
  const inserted = await tx.query<{ receipt_id: string }>(
    `INSERT INTO receipts (receipt_id, profile_id, pending_ref, till_id, received_at, payload)
     SELECT u.receipt_id, u.profile_id, u.pending_ref, $5, $6, u.payload
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(receipt_id, profile_id, pending_ref, payload)
      ORDER BY u.receipt_id
     ON CONFLICT (receipt_id) DO NOTHING RETURNING receipt_id`,
    [
      rows.map((r) => r.receipt.receiptId),
      rows.map((r) => r.at.profileId),
      rows.map((r) => r.at.pendingRef),
      rows.map((r) => JSON.stringify(r.receipt)),
      tillId,
      now,
    ],
  );
  const isNew = new Set(inserted.map((r) => r.receipt_id));
  const accepted = rows.filter((r) => isNew.has(r.receipt.receiptId));

  await crmQueue?.enqueueReceipts(tx, accepted.map((r) => r.receipt.receiptId), tillId, now);
  const credits = new Map<string, number>();
  for (const { receipt, at } of accepted) {
    if (at.profileId !== null) credits.set(at.profileId, (credits.get(at.profileId) ?? 0) + pointsFor(receipt.total));
  }
  await mirror.creditPointsEach(tx, credits, now);

  return receipts.map((receipt, i) => (firstAt.get(receipt.receiptId) === i && isNew.has(receipt.receiptId) ? 'accepted' : 'duplicate'));
}
