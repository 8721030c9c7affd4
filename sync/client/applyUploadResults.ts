import { truncateWal } from '../cache/durability';
import type { UploadResult } from '../protocol/upload';
import type { SyncContext } from './syncContext';
import { SyncFailure } from './syncFailure';
import { SYNC_KEYS } from './syncRecord';
import type { OutboxUpload } from './uploadEnvelopes';

export interface UploadOutcome {
  delivered: number;
  dead: number;
  /** Sign-up answers: the till's provisional id is the CRM's id from now on. */
  mapped: Array<{ provisionalId: string; profileId: string }>;
}

/**
 * Applies the CRM's per-item answers in ONE transaction: accepted and duplicate items are delivered, rejected ones
 * become dead letters with the reason, and sign-up mappings re-point everything local to the CRM's id. Answers that
 * do not line up with what was sent (count or keys) are a malformed response: nothing changes, the batch is retried.
 */
export function applyUploadResults(ctx: Pick<SyncContext, 'db' | 'repos' | 'now'>, uploads: readonly OutboxUpload[], results: readonly UploadResult[]): UploadOutcome {
  const sent = uploads.flatMap((upload) => upload.envelopes.map((envelope) => envelope.idempotencyKey));
  if (results.length !== sent.length || results.some((result, i) => result.idempotencyKey !== sent[i])) {
    throw new SyncFailure('malformed_response', `POST upload: ${results.length} answers do not match the ${sent.length} items sent`);
  }
  const { outbox, profiles, syncState } = ctx.repos;
  const outcome: UploadOutcome = { delivered: 0, dead: 0, mapped: [] };
  let addressDelivered = false;
  let at = 0;
  ctx.db
    .transaction(() => {
      for (const upload of uploads) {
        const answers = results.slice(at, at + upload.envelopes.length);
        at += upload.envelopes.length;
        const rejected = answers.find((answer) => answer.status === 'rejected');
        if (rejected) {
          const reason = `${rejected.reason ?? 'rejected'}${rejected.detail ? `: ${rejected.detail}` : ''}`;
          if (outbox.markDead(upload.item.id, reason)) outcome.dead += 1;
          continue;
        }
        const mapping = upload.item.kind === 'signup' ? answers[0]?.mapping : undefined;
        if (mapping) {
          profiles.repointProfileId(mapping.provisionalId, mapping.profileId);
          outcome.mapped.push({ provisionalId: mapping.provisionalId, profileId: mapping.profileId });
        }
        outcome.delivered += outbox.markDelivered([upload.item.id]);
        if (upload.item.kind === 'signup' || upload.item.kind === 'receipt_delivery') addressDelivered = true;
      }
      syncState.set(SYNC_KEYS.lastPushAt, String(ctx.now()));
    })
    .immediate();
  // A delivered sign-up's or receipt delivery's clear phone/email left the outbox: checkpoint the old pages out of the
  // WAL too.
  if (addressDelivered) truncateWal(ctx.db);
  return outcome;
}
