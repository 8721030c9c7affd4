import { z } from 'zod';

/**
 * Member QR token (issue 2): `TID1.<payload>.<signature>`, both base64url without padding; the payload is
 * UTF-8 JSON of this schema; the signature is Ed25519 over the ASCII bytes of `TID1.<payload>`.
 * The CRM signs (the member app shows it); the till verifies offline with the synced key set.
 */
export const MEMBER_QR_PREFIX = 'TID1';
export const MEMBER_QR_MAX_LIFETIME_SECONDS = 300;

export const MemberQrPayloadSchema = z.object({
  kid: z.string().min(1).max(64),
  sub: z.string().min(1).max(100),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
  nonce: z.string().min(8).max(64),
});
export type MemberQrPayload = z.infer<typeof MemberQrPayloadSchema>;
