import { z } from 'zod';
import { memberDisplayName } from '../mirror/displayName';
import type { MirroredProfile } from '../mirror/memberMirror';
import { normaliseIdentifiers } from '../mirror/normaliseIdentifiers';
import type { WrittenIdentifiers } from '../mirror/normaliseIdentifiers';
import type { ImportField } from './contactColumns';
import { plainContact } from './plainContact';

/** A cell or JSON value as text: numbers as written, blank as absent; other types are left for zod to refuse. */
function asText(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const noNul = (s: string): boolean => !s.includes('\u0000');
const text = (max: number) => z.preprocess(asText, z.string().max(max).refine(noNul, 'contains a NUL character').optional());

const points = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
  z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
);

/** Epoch milliseconds, or an ISO 8601 time with its offset. */
const pointsAsOf = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]).optional(),
);

/**
 * One contact of an export, by field (contactColumns.ts picked them from the row). zod's messages name what is
 * wrong, never the value, so a bad row's reason can be printed.
 */
export const ImportedContactSchema = z.object({
  id: z.preprocess(asText, z.string({ error: (issue) => (issue.input === undefined ? 'missing' : 'not text') }).max(100).refine(noNul, 'contains a NUL character')),
  firstName: text(100),
  lastName: text(100),
  tier: text(50),
  email: text(254),
  mobilePhone: text(64),
  memberNumber: text(64),
  cardNumber: text(64),
  points,
  pointsAsOf,
});
export type ImportedContact = z.infer<typeof ImportedContactSchema>;

const FIELD_OF_IDENTIFIER: Record<keyof WrittenIdentifiers, ImportField> = {
  phone: 'mobilePhone', email: 'email', cardNumber: 'cardNumber', memberNumber: 'memberNumber',
};

export type ContactOutcome = { ok: true; member: MirroredProfile } | { ok: false; reason: string };

/**
 * A row's fields as the mirror's member: identifiers normalised as every other write to the mirror does
 * (mirror/normaliseIdentifiers.ts). Points are as of the contact's `pointsAsOf`, else `asOf` (the file's time).
 */
export function contactToMember(fields: Partial<Record<ImportField, unknown>>, asOf: number): ContactOutcome {
  let c = plainContact(fields);
  if (c === undefined) {
    const parsed = ImportedContactSchema.safeParse(fields);
    if (!parsed.success) {
      return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') };
    }
    c = parsed.data;
  }
  const ids = normaliseIdentifiers({ phone: c.mobilePhone, email: c.email, cardNumber: c.cardNumber, memberNumber: c.memberNumber });
  if (!ids.ok) return { ok: false, reason: `${FIELD_OF_IDENTIFIER[ids.field]}: ${ids.message}` };
  const firstName = c.firstName ?? null;
  const lastName = c.lastName ?? null;
  return {
    ok: true,
    member: {
      profileId: c.id, firstName, lastName, displayName: memberDisplayName(firstName, lastName), tier: c.tier ?? null,
      pointsBalance: c.points ?? 0, pointsAsOf: c.points === undefined ? null : (c.pointsAsOf ?? asOf), identifiers: ids.identifiers,
    },
  };
}
