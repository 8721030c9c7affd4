import { z } from 'zod';
import { ClearIdentifierSchema, IdentifierTupleSchema } from './identifier';
import type { ClearIdentifier, IdentifierTuple } from './identifier';

/** A CRM profile id: opaque to the till. */
export const ProfileIdSchema = z.string().min(1).max(100);

/** Profiles the CRM sends are always `active`; a till's own `pending_sync` status never travels. */
export const WireProfileStatusSchema = z.enum(['active']);

/** A profile as the CRM sends it in an `upsert` change: the whole current state, identifiers included. */
export const WireProfileSchema = z.object({
  id: ProfileIdSchema,
  firstName: z.string().max(100).nullable(),
  displayName: z.string().max(200).nullable(),
  tier: z.string().max(50).nullable(),
  pointsBalance: z.number().int(),
  /** Epoch milliseconds of the balance, or null when the CRM has no balance for the member. */
  pointsAsOf: z.number().int().nonnegative().nullable(),
  status: WireProfileStatusSchema,
  /** The complete set: the till replaces what it holds for the profile with this. */
  identifiers: z.array(ClearIdentifierSchema).max(50),
});
export type WireProfile = z.infer<typeof WireProfileSchema>;

/**
 * The same profile as a positional row, for bootstrap pages (a third of the bytes of the object form,
 * and faster to stringify and parse at a million rows):
 * `[id, firstName, displayName, tier, pointsBalance, pointsAsOf, status, [[kind, value], …]]`.
 */
export const ProfileRowSchema = z.tuple([
  ProfileIdSchema,
  z.string().max(100).nullable(),
  z.string().max(200).nullable(),
  z.string().max(50).nullable(),
  z.number().int(),
  z.number().int().nonnegative().nullable(),
  WireProfileStatusSchema,
  z.array(IdentifierTupleSchema).max(50),
]);
export type ProfileRow = z.infer<typeof ProfileRowSchema>;

export function profileToRow(p: WireProfile): ProfileRow {
  const ids: IdentifierTuple[] = p.identifiers.map((i) => [i.kind, i.value]);
  return [p.id, p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, p.status, ids];
}

export function profileFromRow(r: ProfileRow): WireProfile {
  const identifiers: ClearIdentifier[] = r[7].map(([kind, value]) => ({ kind, value }));
  return { id: r[0], firstName: r[1], displayName: r[2], tier: r[3], pointsBalance: r[4], pointsAsOf: r[5], status: r[6], identifiers };
}
