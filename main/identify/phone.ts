// Phone numbers → E.164, with full ('max') metadata so that validation knows each country's number ranges
// and types (a mobile or landline is a customer's number; a toll-free or premium-rate one is not).
import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, NumberType } from 'libphonenumber-js/max';
import { swedishMobileE164 } from '../../base/swedishMobileFastPath';

export type PhoneOutcome = { ok: true; e164: string } | { ok: false; reason: 'invalid_phone' };

/** Longer than any formatted number (`+46 (0)70-123 45 67` is 19). */
const MAX_PHONE_TEXT = 40;
/** Shortest national number worth parsing; E.164 allows 15 digits, plus a `00` international prefix. */
const MIN_DIGITS = 6;
const MAX_DIGITS = 17;

const PERSONAL_TYPES: ReadonlySet<NumberType> = new Set<NumberType>([
  'MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER', 'VOIP',
]);

/** Characters people type inside a phone number besides digits. */
function isPhoneSeparator(code: number): boolean {
  // space, ( ) - . /  and no-break space (pasted text)
  return code === 0x20 || code === 0x28 || code === 0x29 || code === 0x2d || code === 0x2e || code === 0x2f || code === 0xa0;
}

/**
 * True when `text` has the shape of a typed phone number: an optional leading `+`, then digits and
 * separators (spaces, dashes, dots, slashes, parentheses), 6–17 digits. Cheap: no parsing.
 */
export function looksLikePhone(text: string): boolean {
  if (text.length === 0 || text.length > MAX_PHONE_TEXT) return false;
  let digits = 0;
  for (let i = text.charCodeAt(0) === 0x2b ? 1 : 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) digits++;
    else if (!isPhoneSeparator(code)) return false;
  }
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

function digitsOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) out += text[i];
  }
  return out;
}

const nationalPrefixes = new Map<string, string | undefined>();

/** The region's trunk prefix ("0" for SE); not in libphonenumber's typings, hence the guarded lookup. */
function nationalPrefixOf(region: CountryCode): string | undefined {
  if (nationalPrefixes.has(region)) return nationalPrefixes.get(region);
  const metadata = new Metadata();
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan as unknown as { nationalPrefix?: () => unknown } | undefined;
  const prefix = plan?.nationalPrefix?.();
  const value = typeof prefix === 'string' && prefix.length > 0 ? prefix : undefined;
  nationalPrefixes.set(region, value);
  return value;
}

/**
 * Normalises a phone number to E.164, or rejects it with `invalid_phone`.
 *
 * Accepted: `070-123 45 67`, `+46 70 123 45 67`, `+46 (0)70-123 45 67`, `0046701234567` (the `00` international
 * prefix), and `46701234567` (country code without `+`, which cashiers type when reading a number shown as +46).
 * A national number must be written the way the region writes it: in SE with its leading 0, so `701234567`,
 * `12345670` (an EAN-8) or `2024-05-01` are not phone numbers although libphonenumber alone would accept them.
 * Only mobile, landline, personal and VoIP numbers count: a toll-free or premium number is nobody's.
 */
export function normalisePhone(input: string, defaultRegion: CountryCode = 'SE'): PhoneOutcome {
  const text = input.trim();
  if (defaultRegion === 'SE') {
    // Most numbers at a Swedish till are Swedish mobiles: read those without libphonenumber (swedishMobileFastPath.ts).
    const e164 = swedishMobileE164(text);
    if (e164 !== undefined) return { ok: true, e164 };
  }
  return normalisePhoneWithLibphonenumber(text, defaultRegion);
}

/** normalisePhone without the fast path: what the fast path must agree with (its tests compare the two). */
export function normalisePhoneWithLibphonenumber(input: string, defaultRegion: CountryCode = 'SE'): PhoneOutcome {
  const text = input.trim();
  if (!looksLikePhone(text)) return { ok: false, reason: 'invalid_phone' };
  const digits = digitsOf(text);
  const international = text.charCodeAt(0) === 0x2b || digits.startsWith('00');

  let phone;
  try {
    phone = parsePhoneNumberFromString(text, { defaultCountry: defaultRegion, extract: false });
  } catch {
    return { ok: false, reason: 'invalid_phone' };
  }
  if (!phone) return { ok: false, reason: 'invalid_phone' };
  const type = phone.getType();
  if (type === undefined || !PERSONAL_TYPES.has(type)) return { ok: false, reason: 'invalid_phone' };

  if (!international) {
    const national = phone.nationalNumber as string;
    const asNational = (nationalPrefixOf(defaultRegion) ?? '') + national;
    const withCallingCode = (phone.countryCallingCode as string) + national;
    if (digits !== asNational && digits !== withCallingCode && digits !== digitsOf(phone.formatNational())) {
      return { ok: false, reason: 'invalid_phone' };
    }
  }
  return { ok: true, e164: phone.number as string };
}
