import { UploadResponseSchema } from '../protocol/upload';
import { SYNC_LIMITS, SYNC_PATHS } from '../protocol/version';
import type { UploadOutcome } from './applyUploadResults';
import { applyUploadResults } from './applyUploadResults';
import type { SyncContext } from './syncContext';
import { SyncFailure, toSyncFailure } from './syncFailure';
import type { OutboxUpload } from './uploadEnvelopes';
import { outboxUpload } from './uploadEnvelopes';

export interface PushOptions {
  /** Outbox items per upload (their envelopes never exceed the protocol's 500). */
  batchSize: number;
  /** Bound on uploads per call. */
  maxBatches: number;
  /** This till's device id, carried by receipts and sign-ups. */
  tillId: string;
  onBatch?: (outcome: UploadOutcome) => void;
}

export interface PushResult extends UploadOutcome {
  batches: number;
}

/**
 * Sends pending outbox items in batches, oldest first, each under the idempotency key it was queued with. A failed
 * exchange (network, timeout, 5xx, garbled answer) counts an attempt on each item and rethrows: the scheduler
 * backs off and the same keys go again, which the CRM answers `duplicate` if the first try had landed.
 */
export async function pushOutbox(ctx: SyncContext, options: PushOptions): Promise<PushResult> {
  const result: PushResult = { batches: 0, delivered: 0, dead: 0, mapped: [] };
  let batchSize = options.batchSize;
  // Rounds, not batches, bound the loop: a round of only moot items (settled locally) sends nothing.
  for (let round = 0; round < options.maxBatches * 2 && result.batches < options.maxBatches; round += 1) {
    if (ctx.signal.aborted) throw new SyncFailure('local_error', 'push: stopped');
    const uploads = nextUploads(ctx, { ...options, batchSize });
    if (uploads === null) break;
    if (uploads.length === 0) continue;
    let response;
    try {
      response = await ctx.http.request({
        method: 'POST',
        path: SYNC_PATHS.upload,
        body: { items: uploads.flatMap((upload) => upload.envelopes) },
        schema: UploadResponseSchema,
        idempotent: true,
        signal: ctx.signal,
      });
    } catch (error) {
      const failure = toSyncFailure(error);
      if (failure.kind === 'rejected_request') {
        // The CRM refused the whole batch (400, 413): halve it until the item it cannot take stands alone, and keep
        // that one as a dead letter, so one bad item never blocks the queue behind it.
        if (uploads.length > 1) {
          batchSize = Math.max(1, Math.floor(uploads.length / 2));
          continue;
        }
        const [only] = uploads;
        if (only && ctx.repos.outbox.markDead(only.item.id, `refused: ${failure.problemType ?? `HTTP ${failure.status ?? '4xx'}`}`)) result.dead += 1;
        continue;
      }
      recordFailure(ctx, uploads, error);
      throw error;
    }
    let outcome: UploadOutcome;
    try {
      outcome = applyUploadResults(ctx, uploads, response.results);
    } catch (error) {
      recordFailure(ctx, uploads, error);
      throw error;
    }
    batchSize = options.batchSize;
    result.batches += 1;
    result.delivered += outcome.delivered;
    result.dead += outcome.dead;
    result.mapped.push(...outcome.mapped);
    options.onBatch?.(outcome);
  }
  return result;
}

/** The next batch, or null when nothing is pending. Items with nothing left to send are settled here. */
function nextUploads(ctx: SyncContext, options: PushOptions): OutboxUpload[] | null {
  const items = ctx.repos.outbox.nextBatch(options.batchSize);
  if (items.length === 0) return null;
  const uploads: OutboxUpload[] = [];
  const moot: string[] = [];
  let envelopes = 0;
  for (const item of items) {
    const upload = outboxUpload(item, options.tillId);
    if (upload === null) {
      moot.push(item.id);
      continue;
    }
    if (envelopes + upload.envelopes.length > SYNC_LIMITS.maxUploadItems) break;
    envelopes += upload.envelopes.length;
    uploads.push(upload);
  }
  if (moot.length > 0) {
    ctx.repos.outbox.markDelivered(moot);
    ctx.logger.info({ items: moot.length }, 'outbox: consents of erased profiles settled without sending');
  }
  return uploads;
}

function recordFailure(ctx: SyncContext, uploads: readonly OutboxUpload[], error: unknown): void {
  const failure = toSyncFailure(error);
  try {
    ctx.repos.outbox.recordAttemptFailure(
      uploads.map((upload) => upload.item.id),
      `${failure.kind}: ${failure.message}`,
    );
  } catch (recordError) {
    ctx.logger.warn({ err: toSyncFailure(recordError).message }, 'outbox: could not count a failed attempt');
  }
}
