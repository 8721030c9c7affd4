import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemberKeyRing, parseEd25519PublicKey } from '../../../main/identify/memberKeyRing';

const ed = generateKeyPairSync('ed25519');
const pem = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const raw = String(ed.publicKey.export({ format: 'jwk' }).x);
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const x25519 = generateKeyPairSync('x25519');

describe('parseEd25519PublicKey', () => {
  it.each([
    ['PEM', pem],
    ['PEM with surrounding whitespace', `\n  ${pem}  \n`],
    ['raw 32 bytes in base64url', raw],
  ])('reads %s', (_name, text) => {
    const key = parseEd25519PublicKey(text);
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(key.export({ format: 'jwk' }).x).toBe(raw);
  });

  it.each([
    ['an RSA key in PEM', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['an X25519 key in PEM', x25519.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['31 bytes', Buffer.alloc(31, 7).toString('base64url')],
    ['33 bytes', Buffer.alloc(33, 7).toString('base64url')],
    ['base64 with padding', `${Buffer.alloc(32, 7).toString('base64')}`],
    ['a broken PEM', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['nothing', ''],
  ])('refuses %s without echoing it', (_name, text) => {
    expect(() => parseEd25519PublicKey(text)).toThrow(/^member key: expected an Ed25519 public key/);
  });
});

describe('createMemberKeyRing', () => {
  it('adds, lists, gets and removes keys by id', () => {
    const ring = createMemberKeyRing([{ kid: 'k1', publicKey: pem }]);
    ring.add('k2', raw);
    ring.add('k3', ed.publicKey);
    expect(ring.list().sort()).toEqual(['k1', 'k2', 'k3']);
    expect(ring.get('k2')?.asymmetricKeyType).toBe('ed25519');
    expect(ring.get('nope')).toBeUndefined();
    expect(ring.remove('k1')).toBe(true);
    expect(ring.remove('k1')).toBe(false);
    expect(ring.list().sort()).toEqual(['k2', 'k3']);
  });

  it('refuses private keys, other algorithms and odd key ids', () => {
    const ring = createMemberKeyRing();
    expect(() => ring.add('k', ed.privateKey)).toThrow();
    expect(() => ring.add('k', rsa.publicKey)).toThrow();
    expect(() => ring.add('', raw)).toThrow();
    expect(() => ring.add('a b', raw)).toThrow();
    expect(ring.list()).toEqual([]);
  });
});
