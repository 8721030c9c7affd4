// The public keys member QR tokens are verified with, by key id. Keys arrive from config, a seed or (later) CRM sync.
import { createPublicKey, KeyObject } from 'node:crypto';

export interface MemberKeyRing {
  /** The Ed25519 public key for `kid`, if known. */
  get(kid: string): KeyObject | undefined;
  /** Adds or replaces a key: a KeyObject, a PEM (SPKI) text, or a raw 32-byte key in base64url. Throws if invalid. */
  add(kid: string, key: KeyObject | string): void;
  /** Removes a key; true if it was there. */
  remove(kid: string): boolean;
  /** The known key ids. */
  list(): string[];
}

export interface MemberPublicKey {
  kid: string;
  publicKey: KeyObject | string;
}

const RAW_KEY_BASE64URL = /^[A-Za-z0-9_-]{43}$/;

/**
 * Reads an Ed25519 public key from PEM (`-----BEGIN PUBLIC KEY-----`) or from its raw 32 bytes in base64url
 * (43 characters, no padding, as in a JWK's `x`). Throws a message without the key text on anything else.
 */
export function parseEd25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } else if (RAW_KEY_BASE64URL.test(trimmed)) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: trimmed }, format: 'jwk' });
    } else {
      throw new Error('not PEM or a raw base64url key');
    }
  } catch {
    throw new Error('member key: expected an Ed25519 public key as PEM or 32 raw bytes in base64url');
  }
  return requireEd25519(key);
}

function requireEd25519(key: KeyObject): KeyObject {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new Error('member key: expected an Ed25519 public key');
  }
  return key;
}

const KID = /^[\x21-\x7e]{1,64}$/;

/** An in-memory key ring, optionally seeded. */
export function createMemberKeyRing(initial: Iterable<MemberPublicKey> = []): MemberKeyRing {
  const keys = new Map<string, KeyObject>();
  const ring: MemberKeyRing = {
    get: (kid) => keys.get(kid),
    add(kid, key) {
      if (!KID.test(kid)) throw new Error('member key: a key id is 1–64 printable ASCII characters');
      keys.set(kid, key instanceof KeyObject ? requireEd25519(key) : parseEd25519PublicKey(key));
    },
    remove: (kid) => keys.delete(kid),
    list: () => [...keys.keys()],
  };
  for (const { kid, publicKey } of initial) ring.add(kid, publicKey);
  return ring;
}
