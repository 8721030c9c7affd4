import { createHmac, createSecretKey } from 'node:crypto';
import type { IdentifierKind } from './types';

/** Bytes kept of the HMAC. */
export const IDENTIFIER_HASH_BYTES = 16;

export interface IdentifierHasher {
  /** HMAC-SHA-256(key, kind + NUL + normalisedValue), first 16 bytes. */
  hash(kind: IdentifierKind, normalisedValue: string): Buffer;
}

/**
 * What the cache stores instead of a phone number or email.
 *
 * Keyed, because an unkeyed hash of a Swedish mobile number is reversed by hashing all ~10^8 of them; without the
 * per-install key (kept outside the database file) that enumeration is impossible.
 * Truncated to 128 bits, because the only job left to the length is avoiding collisions between real identifiers:
 * at 10^7 identifiers the chance of any collision is about n²/2^129 ≈ 10^-25, and a forger without the key cannot
 * aim at one. 16 bytes instead of 32 saves ~30 MB of index per million profiles and keeps lookups in fewer pages.
 * The kind is part of the input so equal strings of different kinds never share a hash.
 */
export function createIdentifierHasher(key: Buffer): IdentifierHasher {
  if (key.length < 16) throw new Error('the identifier hash key must be at least 16 bytes');
  const secret = createSecretKey(Buffer.from(key));
  return {
    hash(kind, normalisedValue) {
      return createHmac('sha256', secret).update(identifierHashInput(kind, normalisedValue)).digest().subarray(0, IDENTIFIER_HASH_BYTES);
    },
  };
}

/** The exact text that is hashed; the bulk hash worker builds the same string. */
export function identifierHashInput(kind: IdentifierKind, normalisedValue: string): string {
  return `${kind}\0${normalisedValue}`;
}
