// Signed member QR tokens, verified offline: `TID1.<payload>.<signature>`, both base64url without padding.
// payload = UTF-8 JSON {kid, sub, iat, exp, nonce}; signature = Ed25519 over the ASCII bytes of `TID1.<payload>`.
import { sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { MemberKeyRing } from './memberKeyRing';
import type { NonceStore } from './nonceStore';

export const MEMBER_TOKEN_PREFIX = 'TID1.';
export const MEMBER_TOKEN_MAX_LENGTH = 2048;
/** Longest allowed `exp - iat`, seconds. */
export const MEMBER_TOKEN_MAX_LIFETIME_S = 300;
/** Clock difference tolerated between the member's phone and the till, seconds, on both ends of the window. */
export const MEMBER_TOKEN_CLOCK_SKEW_S = 30;

const ED25519_SIGNATURE_BYTES = 64;

export const MemberTokenPayloadSchema = z.object({
  kid: z.string().min(1).max(64),
  /** The profile id. */
  sub: z.string().min(1).max(128),
  /** Issued at, Unix seconds. */
  iat: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Expires at, Unix seconds. */
  exp: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  nonce: z.string().min(8).max(128),
});
export type MemberTokenPayload = z.infer<typeof MemberTokenPayloadSchema>;

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

/** Strict base64url without padding: only the alphabet, a possible length, and canonical trailing bits. */
function decodeBase64url(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 === 1) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
    if (!ok) return undefined;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parsePayload(bytes: Buffer): MemberTokenPayload | undefined {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = MemberTokenPayloadSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
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
  const payloadBytes = decodeBase64url(token.slice(MEMBER_TOKEN_PREFIX.length, split));
  const signature = decodeBase64url(token.slice(split + 1));
  if (!payloadBytes || !signature || signature.length !== ED25519_SIGNATURE_BYTES) return reject('malformed');
  const payload = parsePayload(payloadBytes);
  if (!payload || payload.exp < payload.iat) return reject('malformed');

  const key = context.keys.get(payload.kid);
  if (!key) return reject('unknown_key');
  let valid = false;
  try {
    valid = verify(null, Buffer.from(token.slice(0, split), 'latin1'), key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return reject('bad_signature');

  if (payload.exp - payload.iat > MEMBER_TOKEN_MAX_LIFETIME_S) return reject('lifetime_too_long');
  const nowS = context.now / 1000;
  if (nowS < payload.iat - MEMBER_TOKEN_CLOCK_SKEW_S) return reject('not_yet_valid');
  if (nowS > payload.exp + MEMBER_TOKEN_CLOCK_SKEW_S) return reject('expired');
  if (context.nonces.seen(payload.nonce, (payload.exp + MEMBER_TOKEN_CLOCK_SKEW_S) * 1000)) return reject('replayed');
  return { ok: true, payload };
}

/**
 * Signs a token (for the emulated CRM, demo members and tests). The payload is checked against the schema only,
 * so tests can sign tokens that verification must refuse (too long a lifetime, expired, unknown kid).
 */
export function signMemberToken(payload: MemberTokenPayload, privateKey: KeyObject): string {
  const { kid, sub, iat, exp, nonce } = MemberTokenPayloadSchema.parse(payload);
  const body = Buffer.from(JSON.stringify({ kid, sub, iat, exp, nonce }), 'utf8').toString('base64url');
  const signingInput = `${MEMBER_TOKEN_PREFIX}${body}`;
  const signature = sign(null, Buffer.from(signingInput, 'latin1'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
