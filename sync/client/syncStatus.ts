import { z } from 'zod';
import { SyncErrorInfoSchema } from './syncFailure';

/**
 * What the till shows about sync: GET /api/v1/sync answers it, `sync.status` events carry it.
 * Counts and times only: nothing personal.
 */
export const BootstrapProgressSchema = z.object({
  /** `none`: no copy yet; `running`: a copy is being loaded (resumable); `done`: the cache follows the change feed. */
  state: z.enum(['none', 'running', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Rows per second over the current run, 0 when idle. */
  rate: z.number().nonnegative(),
});
export type BootstrapProgress = z.infer<typeof BootstrapProgressSchema>;

export const SyncStatusSchema = z.object({
  enrolled: z.boolean(),
  /** True while exchanges with the CRM get valid answers. */
  online: z.boolean(),
  connectivity: z.enum(['unknown', 'online', 'offline']),
  /** Epoch ms of the last pull that reached the end of the change feed. */
  lastPullAt: z.number().int().nullable(),
  /** Epoch ms of the last upload the CRM answered. */
  lastPushAt: z.number().int().nullable(),
  lastError: SyncErrorInfoSchema.nullable(),
  /** Outbox items waiting for the CRM. */
  pendingItems: z.number().int().nonnegative(),
  /** Outbox items the CRM rejected: kept for a manager, never retried. */
  deadLetters: z.number().int().nonnegative(),
  cacheProfiles: z.number().int().nonnegative(),
  /** How stale the cache may be: ms since the last pull that caught up, null before the first. */
  cursorAgeMs: z.number().int().nonnegative().nullable(),
  /** Epoch ms of the next planned cycle, null when none is planned. */
  nextSyncAt: z.number().int().nullable(),
  /**
   * False until the first complete copy of the CRM's member list is in the cache: until then a lookup's miss may be a
   * member not yet copied (`bootstrap` says how far the copy is). Later copies load beside the complete one.
   */
  memberListComplete: z.boolean(),
  bootstrap: BootstrapProgressSchema,
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
