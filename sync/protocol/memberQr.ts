import { z } from 'zod';
import { decodeCanonicalBase64url } from './base64url';

/**
 * Member QR token (issue 2): `TID1.<payload>.<signature>`, both base64url without padding; the payload is
 * UTF-8 JSON of this schema; the signature is Ed25519 over the ASCII bytes of `TID1.<payload>`.
 * The CRM signs (the member app shows it); the till verifies offline with the synced key set.
 */
export const MEMBER_QR_PREFIX = 'TID1';
export const MEMBER_QR_MAX_LIFETIME_SECONDS = 300;

/**
 * The payload's string lengths, in characters (code points, as zod counts): the one definition the schema below and
 * the till's hand-written check on every scan (main/identify/memberTokenPayload.ts) both read. `sub` is a profile id.
 */
export const MEMBER_QR_PAYLOAD_LENGTHS = {
  kid: { min: 1, max: 64 },
  sub: { min: 1, max: 100 },
  nonce: { min: 8, max: 64 },
} as const;

const text = (length: { min: number; max: number }): z.ZodString => z.string().min(length.min).max(length.max);

export const MemberQrPayloadSchema = z.object({
  kid: text(MEMBER_QR_PAYLOAD_LENGTHS.kid),
  /** The profile id. */
  sub: text(MEMBER_QR_PAYLOAD_LENGTHS.sub),
  /** Issued at, Unix seconds (a safe integer: zod's int()). */
  iat: z.number().int().nonnegative(),
  /** Expires at, Unix seconds. */
  exp: z.number().int().nonnegative(),
  nonce: text(MEMBER_QR_PAYLOAD_LENGTHS.nonce),
});
export type MemberQrPayload = z.infer<typeof MemberQrPayloadSchema>;

/** Longest member QR token accepted anywhere, characters. */
export const MEMBER_QR_MAX_LENGTH = 2048;
const ED25519_SIGNATURE_BYTES = 64;

/** A token read for its parts, not yet verified: what is signed, the payload, and the signature. */
export interface MemberQrParts {
  /** The ASCII text the signature is over: `TID1.<payload>`. */
  signingInput: string;
  payload: MemberQrPayload;
  signature: Uint8Array;
}

/**
 * Reads a member QR token's format (strict base64url, a 64-byte signature, a payload of MemberQrPayloadSchema),
 * without checking the signature or any time: undefined for anything malformed. The hub reads a redemption's proof
 * with it; the till's own check on every scan (main/identify/memberQr.ts) reads the same format without zod or
 * JSON.parse, for speed.
 */
export function readMemberQrToken(token: string): MemberQrParts | undefined {
  const prefix = `${MEMBER_QR_PREFIX}.`;
  if (token.length > MEMBER_QR_MAX_LENGTH || !token.startsWith(prefix)) return undefined;
  const split = token.indexOf('.', prefix.length);
  if (split < 0) return undefined;
  const payloadBytes = new Uint8Array(MEMBER_QR_MAX_LENGTH);
  const payloadLength = decodeCanonicalBase64url(token, prefix.length, split, payloadBytes);
  const signature = new Uint8Array(ED25519_SIGNATURE_BYTES);
  if (payloadLength < 0 || decodeCanonicalBase64url(token, split + 1, token.length, signature) !== ED25519_SIGNATURE_BYTES) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes.subarray(0, payloadLength)));
  } catch {
    return undefined;
  }
  const payload = MemberQrPayloadSchema.safeParse(json);
  if (!payload.success || payload.data.exp < payload.data.iat) return undefined;
  return { signingInput: token.slice(0, split), payload: payload.data, signature };
}
