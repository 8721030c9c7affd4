import { z } from 'zod';
import { ClearIdentifierSchema, IdentifierKindSchema, IdentifierTupleSchema, identifierValueProblem } from './identifier';
import type { ClearIdentifier, IdentifierKind, IdentifierTuple } from './identifier';

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

const KINDS = new Set<string>(IdentifierKindSchema.options);
const optionalText = (v: unknown, max: number): boolean => v === null || (typeof v === 'string' && v.length <= max);

/**
 * Exactly ProfileRowSchema's rule, hand-written: zod's generic tuple walk costs ~3.5 µs a row, which is
 * seconds of a million-member bootstrap. A property test keeps the two in agreement.
 */
export function isProfileRow(r: unknown): r is ProfileRow {
  if (!Array.isArray(r) || r.length !== 8) return false;
  const [id, firstName, displayName, tier, points, asOf, status, ids] = r as unknown[];
  if (typeof id !== 'string' || id.length < 1 || id.length > 100) return false;
  if (!optionalText(firstName, 100) || !optionalText(displayName, 200) || !optionalText(tier, 50)) return false;
  if (!Number.isSafeInteger(points)) return false;
  if (asOf !== null && !(Number.isSafeInteger(asOf) && (asOf as number) >= 0)) return false;
  if (status !== 'active' || !Array.isArray(ids) || ids.length > 50) return false;
  for (const pair of ids as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return false;
    const [kind, value] = pair as unknown[];
    if (typeof kind !== 'string' || !KINDS.has(kind) || typeof value !== 'string') return false;
    if (identifierValueProblem(kind as IdentifierKind, value) !== null) return false;
  }
  return true;
}

/** ProfileRowSchema at bootstrap speed: what BootstrapPageSchema uses for its rows. */
export const FastProfileRowSchema = z.custom<ProfileRow>(isProfileRow, { message: 'not a profile row [id, firstName, displayName, tier, pointsBalance, pointsAsOf, status, identifiers]' });
