import { z } from 'zod';
import { CursorSchema } from './cursor';
import { MemberQrKeySchema } from './keys';
import { ProfileIdSchema, WireProfileSchema } from './profile';
import { SYNC_LIMITS } from './version';

/** GET /sync/v1/changes?cursor=C&limit=N */
export const ChangesQuerySchema = z.object({
  cursor: CursorSchema,
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.changesMaxLimit).default(SYNC_LIMITS.changesDefaultLimit),
});
export type ChangesQuery = z.infer<typeof ChangesQuerySchema>;

/** The profile was created or changed: replace everything the till holds for it (identifiers included). */
export const UpsertChangeSchema = z.object({ type: z.literal('upsert'), profile: WireProfileSchema });

/**
 * Tombstone: the person was erased. The profile, its identifiers and consents leave the cache;
 * receipts the till holds for it stay but are unlinked (profileId null).
 */
export const EraseChangeSchema = z.object({ type: z.literal('erase'), profileId: ProfileIdSchema });

/**
 * Profile `from` was merged into `into`: everything local that points at `from` (identifiers, receipts,
 * outbox items, the current session) now points at `into`, and `from` is gone. An `upsert` of `into`
 * with the merged identifier set follows in the feed.
 */
export const MergeChangeSchema = z.object({ type: z.literal('merge'), from: ProfileIdSchema, into: ProfileIdSchema });

/** The member QR key set changed (rotation, revocation): replace the whole set with `keys`. */
export const KeysChangeSchema = z.object({ type: z.literal('keys'), keys: z.array(MemberQrKeySchema).max(100) });

export const ChangeSchema = z.discriminatedUnion('type', [UpsertChangeSchema, EraseChangeSchema, MergeChangeSchema, KeysChangeSchema]);
export type Change = z.infer<typeof ChangeSchema>;
export type UpsertChange = z.infer<typeof UpsertChangeSchema>;
export type EraseChange = z.infer<typeof EraseChangeSchema>;
export type MergeChange = z.infer<typeof MergeChangeSchema>;
export type KeysChange = z.infer<typeof KeysChangeSchema>;

/**
 * Changes after `cursor`, in feed order. Apply all of `changes` and store the returned `cursor` in ONE
 * transaction; while `hasMore`, ask again at once. An empty page returns the same cursor.
 */
export const ChangesPageSchema = z.object({
  changes: z.array(ChangeSchema),
  cursor: CursorSchema,
  hasMore: z.boolean(),
  /** CRM clock, epoch ms. */
  serverTime: z.number().int().nonnegative(),
});
export type ChangesPage = z.infer<typeof ChangesPageSchema>;
