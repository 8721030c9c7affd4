import type { IdentifierKind, IdentifierTuple } from '../../sync/protocol';
import { normaliseIdentifier } from './normaliseIdentifier';

/** A member's identifiers as a CRM or an admin writes them: any common format, each optional. */
export interface WrittenIdentifiers {
  phone?: string;
  email?: string;
  cardNumber?: string;
  memberNumber?: string;
}

export type NormalisedIdentifiers = { ok: true; identifiers: IdentifierTuple[] } | { ok: false; field: keyof WrittenIdentifiers; message: string };

const KIND_OF: [keyof WrittenIdentifiers, IdentifierKind][] = [['phone', 'phone'], ['email', 'email'], ['cardNumber', 'card'], ['memberNumber', 'member_number']];

/** Each written identifier in the mirror's normalised form (normaliseIdentifier.ts), or the first field that is not one. */
export function normaliseIdentifiers(input: WrittenIdentifiers): NormalisedIdentifiers {
  const ids: IdentifierTuple[] = [];
  for (const [field, kind] of KIND_OF) {
    const raw = input[field];
    if (raw === undefined) continue;
    const normalised = normaliseIdentifier(kind, raw);
    if (!normalised.ok) return { ok: false, field, message: normalised.message };
    ids.push([kind, normalised.value]);
  }
  return { ok: true, identifiers: ids };
}
