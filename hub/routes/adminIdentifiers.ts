import type { IdentifierKind, IdentifierTuple } from '../../sync/protocol';
import { normaliseIdentifier } from '../mirror/normaliseIdentifier';
import type { AdminCreateProfile } from './adminProfileSchemas';

/**
 * The normalised identifiers of an admin-created profile, or the field that is not a valid identifier
 * (the message names the field, never the value).
 */
export function adminIdentifiers(input: AdminCreateProfile): { ok: true; identifiers: IdentifierTuple[] } | { ok: false; field: string; message: string } {
  const ids: IdentifierTuple[] = [];
  const fields: [string, IdentifierKind, string | undefined][] = [
    ['phone', 'phone', input.phone],
    ['email', 'email', input.email],
    ['cardNumber', 'card', input.cardNumber],
    ['memberNumber', 'member_number', input.memberNumber],
  ];
  for (const [field, kind, raw] of fields) {
    if (raw === undefined) continue;
    const normalised = normaliseIdentifier(kind, raw);
    if (!normalised.ok) return { ok: false, field, message: normalised.message };
    ids.push([kind, normalised.value]);
  }
  return { ok: true, identifiers: ids };
}
