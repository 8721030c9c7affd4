import { z } from 'zod';

/** base64url without padding of the 32 raw bytes of an Ed25519 public key (43 characters). */
export const Ed25519PublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an Ed25519 public key is 32 bytes, base64url without padding');

/**
 * A public key that verifies member QR tokens (`TID1.<payload>.<signature>`, see issue 2).
 * A token verifies with the key named by its `kid` when the key is not revoked and the token's
 * `iat` (seconds) falls in [notBefore, notAfter] (milliseconds; notAfter null = open-ended).
 */
export const MemberQrKeySchema = z.object({
  kid: z.string().min(1).max(64),
  alg: z.literal('Ed25519'),
  publicKey: Ed25519PublicKeySchema,
  notBefore: z.number().int().nonnegative(),
  notAfter: z.number().int().nonnegative().nullable(),
  revoked: z.boolean(),
});
export type MemberQrKey = z.infer<typeof MemberQrKeySchema>;

/** GET /sync/v1/keys, and the `keys` field of bootstrap pages and `keys` changes: the complete current set. */
export const KeySetSchema = z.object({ keys: z.array(MemberQrKeySchema).max(100) });
export type KeySet = z.infer<typeof KeySetSchema>;
