import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { swedishMobileE164 } from '../../base/swedishMobileFastPath';
import { identifierValueProblem } from '../../sync/protocol';
import type { IdentifierKind } from '../../sync/protocol';

/** Phone numbers without a country code are read in this region. */
export const DEFAULT_PHONE_REGION = 'SE';

/**
 * The normalised form of an identifier as a person or a CRM wrote it (phone E.164, e-mail trimmed and lower-case,
 * card digits only, member number upper-case), or why it is not one. The message names the kind, never the value.
 */
export function normaliseIdentifier(kind: IdentifierKind, raw: string): { ok: true; value: string } | { ok: false; message: string } {
  if (kind === 'phone') {
    // A Swedish mobile written the usual ways skips libphonenumber (~20 µs a number, minutes of a 5M-member import):
    // the fast path answers only where libphonenumber agrees (test/unit/hub/memberImportParts.test.ts).
    const fast = swedishMobileE164(raw.trim());
    if (fast !== undefined) return { ok: true, value: fast };
    const phone = parsePhoneNumberFromString(raw, DEFAULT_PHONE_REGION);
    if (!phone || !phone.isValid()) return { ok: false, message: `not a valid phone number (default region ${DEFAULT_PHONE_REGION})` };
    return { ok: true, value: phone.number };
  }
  const value = kind === 'email' ? raw.trim().toLowerCase() : kind === 'card' ? raw.replace(/[\s-]/g, '') : raw.trim().toUpperCase();
  const problem = identifierValueProblem(kind, value);
  return problem === null ? { ok: true, value } : { ok: false, message: problem };
}
