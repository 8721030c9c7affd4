// Signed member QR tokens, verified offline: `TID1.<payload>.<signature>`, both base64url without padding.
// payload = UTF-8 JSON {kid, sub, iat, exp, nonce}; signature = Ed25519 over the ASCII bytes of `TID1.<payload>`.
import { sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { MemberKeyRing } from './memberKeyRing';
import { decodeCanonicalBase64url } from '../../sync/protocol/base64url';
import { MEMBER_QR_MAX_LENGTH, MEMBER_QR_MAX_LIFETIME_SECONDS, MEMBER_QR_PREFIX, MemberQrPayloadSchema } from '../../sync/protocol/memberQr';
import { readCanonicalMemberTokenPayload, readMemberTokenPayload } from './memberTokenPayload';
import type { MemberTokenPayload } from './memberTokenPayload';
import type { NonceStore } from './nonceStore';

export const MEMBER_TOKEN_PREFIX = `${MEMBER_QR_PREFIX}.`;
export const MEMBER_TOKEN_MAX_LENGTH = MEMBER_QR_MAX_LENGTH;
/** Longest allowed `exp - iat`, seconds. */
export const MEMBER_TOKEN_MAX_LIFETIME_S = MEMBER_QR_MAX_LIFETIME_SECONDS;
/** Clock difference tolerated between the member's phone and the till, seconds, on both ends of the window. */
export const MEMBER_TOKEN_CLOCK_SKEW_S = 30;

const ED25519_SIGNATURE_BYTES = 64;

export type MemberTokenRejection =
  | 'too_long'
  | 'malformed'
  | 'unknown_key'
  | 'bad_signature'
  | 'lifetime_too_long'
  | 'not_yet_valid'
  | 'expired'
  | 'replayed';

export type MemberTokenOutcome = { ok: true; payload: MemberTokenPayload } | { ok: false; reason: MemberTokenRejection };

export interface MemberTokenContext {
  keys: MemberKeyRing;
  /** Epoch milliseconds. */
  now: number;
  nonces: NonceStore;
}

function reject(reason: MemberTokenRejection): MemberTokenOutcome {
  return { ok: false, reason };
}

// The check runs on every scan beside one Ed25519 verification, and its target is that verification plus a few µs
// (docs/performance.md). Beside the signature, every call into C++ (Buffer's decoders, TextDecoder, JSON.parse) cost
// 2–13 µs, far more than alone, so the common path makes none but the verification: base64url is decoded and the
// payload read in plain JavaScript, into buffers made once. The check is synchronous and nothing in it re-enters, so
// one set of buffers serves every call.
const signingInputBytes = Buffer.allocUnsafe(MEMBER_TOKEN_MAX_LENGTH);
const signatureBytes = Buffer.allocUnsafe(ED25519_SIGNATURE_BYTES);
const payloadBytes = Buffer.allocUnsafe(MEMBER_TOKEN_MAX_LENGTH);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload: as the hub writes it without JSON.parse, anything else as UTF-8 JSON. */
function parsePayload(length: number): MemberTokenPayload | undefined {
  const canonical = readCanonicalMemberTokenPayload(payloadBytes, length);
  if (canonical !== 'not canonical') return canonical;
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payloadBytes.subarray(0, length)));
  } catch {
    return undefined;
  }
  return readMemberTokenPayload(json);
}

/**
 * Verifies a member token. Checks run cheapest and least stateful first, and the nonce is recorded last, only for
 * a token that passed everything else: a forged, expired or premature token never burns a real token's nonce.
 * Order: too_long → malformed → unknown_key → bad_signature → lifetime_too_long → not_yet_valid / expired → replayed.
 */
export function verifyMemberToken(token: string, context: MemberTokenContext): MemberTokenOutcome {
  if (token.length > MEMBER_TOKEN_MAX_LENGTH) return reject('too_long');
  if (!token.startsWith(MEMBER_TOKEN_PREFIX)) return reject('malformed');
  const split = token.indexOf('.', MEMBER_TOKEN_PREFIX.length);
  if (split < 0) return reject('malformed');
  const payloadLength = decodeCanonicalBase64url(token, MEMBER_TOKEN_PREFIX.length, split, payloadBytes);
  if (payloadLength < 0) return reject('malformed');
  // Exactly 64 bytes (86 characters): any other length of valid base64url is not an Ed25519 signature.
  if (decodeCanonicalBase64url(token, split + 1, token.length, signatureBytes) !== ED25519_SIGNATURE_BYTES) return reject('malformed');
  const payload = parsePayload(payloadLength);
  if (!payload || payload.exp < payload.iat) return reject('malformed');

  const key = context.keys.get(payload.kid);
  if (!key) return reject('unknown_key');
  for (let i = 0; i < split; i++) signingInputBytes[i] = token.charCodeAt(i); // checked above: ASCII only
  let valid = false;
  try {
    valid = verify(null, new Uint8Array(signingInputBytes.buffer, signingInputBytes.byteOffset, split), key, signatureBytes);
  } catch {
    valid = false;
  }
  if (!valid) return reject('bad_signature');

  if (payload.exp - payload.iat > MEMBER_TOKEN_MAX_LIFETIME_S) return reject('lifetime_too_long');
  const nowS = context.now / 1000;
  if (nowS < payload.iat - MEMBER_TOKEN_CLOCK_SKEW_S) return reject('not_yet_valid');
  if (nowS > payload.exp + MEMBER_TOKEN_CLOCK_SKEW_S) return reject('expired');
  // The token is accepted up to and including the millisecond exp + skew, so its nonce is kept until the one after:
  // a store forgets an entry once `now` reaches its expiry.
  if (context.nonces.seen(payload.nonce, (payload.exp + MEMBER_TOKEN_CLOCK_SKEW_S) * 1000 + 1)) return reject('replayed');
  return { ok: true, payload };
}

/**
 * Signs a token (for the emulated CRM, demo members and tests). The payload is checked against the schema only,
 * so tests can sign tokens that verification must refuse (too long a lifetime, expired, unknown kid).
 */
export function signMemberToken(payload: MemberTokenPayload, privateKey: KeyObject): string {
  const { kid, sub, iat, exp, nonce } = MemberQrPayloadSchema.parse(payload);
  const body = Buffer.from(JSON.stringify({ kid, sub, iat, exp, nonce }), 'utf8').toString('base64url');
  const signingInput = `${MEMBER_TOKEN_PREFIX}${body}`;
  const signature = sign(null, Buffer.from(signingInput, 'latin1'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
