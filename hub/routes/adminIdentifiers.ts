import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { identifierValueProblem } from '../../sync/protocol';
import type { IdentifierTuple } from '../../sync/protocol';
import type { AdminCreateProfile } from './adminProfileSchemas';

/**
 * The normalised identifiers of an admin-created profile, or the field that is not a valid identifier
 * (the message names the field, never the value).
 */
export function adminIdentifiers(input: AdminCreateProfile): { ok: true; identifiers: IdentifierTuple[] } | { ok: false; field: string; message: string } {
  const ids: IdentifierTuple[] = [];
  if (input.phone !== undefined) {
    const phone = parsePhoneNumberFromString(input.phone, 'SE');
    if (!phone || !phone.isValid()) return { ok: false, field: 'phone', message: 'not a valid phone number (default region SE)' };
    ids.push(['phone', phone.number]);
  }
  const candidates: [string, IdentifierTuple | undefined][] = [
    ['email', input.email === undefined ? undefined : ['email', input.email.trim().toLowerCase()]],
    ['cardNumber', input.cardNumber === undefined ? undefined : ['card', input.cardNumber.replace(/[\s-]/g, '')]],
    ['memberNumber', input.memberNumber === undefined ? undefined : ['member_number', input.memberNumber.trim().toUpperCase()]],
  ];
  for (const [field, id] of candidates) {
    if (!id) continue;
    const problem = identifierValueProblem(id[0], id[1]);
    if (problem) return { ok: false, field, message: problem };
    ids.push(id);
  }
  return { ok: true, identifiers: ids };
}
