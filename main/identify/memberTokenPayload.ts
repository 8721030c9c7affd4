// The payload of a member QR token: the check that reads it on every scan, held to the protocol's schema
// (sync/protocol/memberQr.ts: MemberQrPayloadSchema and the lengths it is built from).
import { MEMBER_QR_PAYLOAD_LENGTHS, type MemberQrPayload } from '../../sync/protocol/memberQr';

export type MemberTokenPayload = MemberQrPayload;

const { kid: KID, sub: SUB, nonce: NONCE } = MEMBER_QR_PAYLOAD_LENGTHS;

/** Code points, as zod counts a string's length: a surrogate pair is one, a lone surrogate one too. */
function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

function isStringOfLength(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || value.length < min) return false;
  // A code point is one or two UTF-16 units: from 2 × min units up to max, the count cannot fall outside.
  if (value.length >= 2 * min && value.length <= max) return true;
  const length = codePointCount(value);
  return length >= min && length <= max;
}

function isUnixSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * MemberQrPayloadSchema.safeParse(json) written out by hand, for the member QR check: the schema's parse cost
 * ~1.5 µs alone and ~5 µs beside the signature (it evicts what `crypto.verify` keeps warm), against a target of the
 * signature plus a few µs (docs/performance.md). A property test holds the two equal on generated payloads
 * (test/unit/identify-property/memberTokenPayload.property.test.ts): change both or neither.
 */
export function readMemberTokenPayload(json: unknown): MemberTokenPayload | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { kid, sub, iat, exp, nonce } = json as Record<string, unknown>;
  if (!isStringOfLength(kid, KID.min, KID.max) || !isStringOfLength(sub, SUB.min, SUB.max) || !isUnixSeconds(iat) || !isUnixSeconds(exp) || !isStringOfLength(nonce, NONCE.min, NONCE.max)) {
    return undefined;
  }
  return { kid, sub, iat, exp, nonce };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The byte offsets a canonical payload is read at; one instance, since the check never re-enters. */
const cursor = { at: 0 };

/** Whether bytes[cursor.at…] starts with `literal` (ASCII); moves past it if so. */
function skipLiteral(bytes: Uint8Array, end: number, literal: Uint8Array): boolean {
  const at = cursor.at;
  if (at + literal.length > end) return false;
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal[i]) return false;
  cursor.at = at + literal.length;
  return true;
}

/** A JSON string's body of printable ASCII without escapes, up to its closing quote (not consumed); else undefined. */
function readPlainString(bytes: Uint8Array, end: number): string | undefined {
  let text = '';
  let at = cursor.at;
  for (; at < end; at++) {
    const c = bytes[at]!;
    if (c === QUOTE) break;
    if (c < 0x20 || c > 0x7e || c === BACKSLASH) return undefined;
    text += String.fromCharCode(c);
  }
  if (at === end) return undefined;
  cursor.at = at;
  return text;
}

/** A JSON number that is 0 or 1–15 digits without a leading zero (exact in a double); else -1. */
function readPlainInteger(bytes: Uint8Array, end: number): number {
  let at = cursor.at;
  let value = 0;
  const first = at;
  for (; at < end && at - first <= 15; at++) {
    const c = bytes[at]!;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
  }
  const digits = at - first;
  if (digits === 0 || digits > 15 || (digits > 1 && bytes[first] === 0x30)) return -1;
  cursor.at = at;
  return value;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const OPEN_KID = ascii('{"kid":"');
const THEN_SUB = ascii('","sub":"');
const THEN_IAT = ascii('","iat":');
const THEN_EXP = ascii(',"exp":');
const THEN_NONCE = ascii(',"nonce":"');
const CLOSE = ascii('"}');

/**
 * The payload as the hub and signMemberToken write it (`JSON.stringify` of {kid, sub, iat, exp, nonce} in that
 * order, strings of printable ASCII without escapes, plain integers), read without JSON.parse: beside the signature
 * JSON.parse cost ~13 µs of a ~15 µs overhead, against a target of a few µs (docs/performance.md). Anything else
 * (other order, spaces, escapes, non-ASCII, extra fields) gives undefined: read it with JSON.parse and
 * readMemberTokenPayload. Where it answers, it answers as they do (a property test holds it to that).
 */
export function readCanonicalMemberTokenPayload(bytes: Uint8Array, length: number): MemberTokenPayload | 'not canonical' | undefined {
  cursor.at = 0;
  if (!skipLiteral(bytes, length, OPEN_KID)) return 'not canonical';
  const kid = readPlainString(bytes, length);
  if (kid === undefined || !skipLiteral(bytes, length, THEN_SUB)) return 'not canonical';
  const sub = readPlainString(bytes, length);
  if (sub === undefined || !skipLiteral(bytes, length, THEN_IAT)) return 'not canonical';
  const iat = readPlainInteger(bytes, length);
  if (iat < 0 || !skipLiteral(bytes, length, THEN_EXP)) return 'not canonical';
  const exp = readPlainInteger(bytes, length);
  if (exp < 0 || !skipLiteral(bytes, length, THEN_NONCE)) return 'not canonical';
  const nonce = readPlainString(bytes, length);
  if (nonce === undefined || !skipLiteral(bytes, length, CLOSE) || cursor.at !== length) return 'not canonical';
  return readMemberTokenPayload({ kid, sub, iat, exp, nonce });
}
