import { z } from 'zod';
import { CursorSchema, PageTokenSchema } from './cursor';
import { MemberQrKeySchema } from './keys';
import { FastProfileRowSchema } from './profile';
import { SYNC_LIMITS } from './version';

/** GET /sync/v1/bootstrap?after=<page token>&limit=N. No `after`: start a new snapshot. */
export const BootstrapQuerySchema = z.object({
  after: PageTokenSchema.optional(),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.bootstrapMaxLimit).default(SYNC_LIMITS.bootstrapDefaultLimit),
});
export type BootstrapQuery = z.infer<typeof BootstrapQuerySchema>;

/**
 * One page of the first full copy, profiles in id order. Apply `rows` in ONE transaction together with
 * `nextPageToken` (to resume after a crash). On the last page (`nextPageToken: null`) also store
 * `cursor` and `keys`, then pull changes from `cursor`: changes made while the bootstrap ran are replayed.
 */
export const BootstrapPageSchema = z.object({
  /** Positional rows (see ProfileRowSchema), checked by the equivalent FastProfileRowSchema. */
  rows: z.array(FastProfileRowSchema),
  nextPageToken: PageTokenSchema.nullable(),
  /** The change-feed position at which this snapshot began; the same on every page of one snapshot. */
  cursor: CursorSchema,
  /** Profiles in the snapshot when it began (for progress; the last page may hold a few more or fewer). */
  total: z.number().int().nonnegative(),
  /** The current member QR key set. */
  keys: z.array(MemberQrKeySchema),
  /** CRM clock, epoch ms. */
  serverTime: z.number().int().nonnegative(),
});
export type BootstrapPage = z.infer<typeof BootstrapPageSchema>;
