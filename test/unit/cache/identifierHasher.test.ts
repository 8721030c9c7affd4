import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentifierHasher } from '../../../sync/cache/identifierHasher';
import { IdentifierHashPool } from '../../../sync/cache/identifierHashPool';
import type { IdentifierKind } from '../../../sync/cache/types';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const hasher = createIdentifierHasher(key);

/** The definition, computed independently: HMAC-SHA-256(key, kind NUL value), first 16 bytes. */
function reference(k: Buffer, kind: string, value: string): string {
  return createHmac('sha256', k).update(Buffer.from(`${kind}\u0000${value}`, 'utf8')).digest().subarray(0, 16).toString('hex');
}

const inputs: Array<[IdentifierKind, string]> = [
  ['phone', '+46701234567'],
  ['phone', '+46731234567'],
  ['email', 'anna.andersson@example.se'],
  ['email', 'åsa.öberg@exempel.se'],
  ['card', '4000000000006'],
  ['member_number', 'M-000123'],
  ['email', ''],
  // Around the one-block boundary of the HMAC's inner hash (55/56/64 bytes of input after "email\0").
  ['email', `${'a'.repeat(42)}@x.se`],
  ['email', `${'a'.repeat(43)}@x.se`],
  ['email', `${'a'.repeat(52)}@x.se`],
  ['email', `${'a'.repeat(300)}@example.com`],
];

describe('createIdentifierHasher', () => {
  it.each(inputs)('hashes %s %j as HMAC-SHA-256(key, kind NUL value) truncated to 16 bytes', (kind, value) => {
    const hash = hasher.hash(kind, value);
    expect(hash).toHaveLength(16);
    expect(hash.toString('hex')).toBe(reference(key, kind, value));
  });

  it('gives the same hash for the same input', () => {
    expect(hasher.hash('phone', '+46701234567').equals(createIdentifierHasher(Buffer.from(key)).hash('phone', '+46701234567'))).toBe(true);
  });

  it('gives a different hash under a different key', () => {
    const other = createIdentifierHasher(randomBytes(32));
    expect(other.hash('phone', '+46701234567').equals(hasher.hash('phone', '+46701234567'))).toBe(false);
  });

  it('gives equal values of different kinds different hashes', () => {
    expect(hasher.hash('card', '12345').equals(hasher.hash('member_number', '12345'))).toBe(false);
  });

  it('refuses a key shorter than 16 bytes', () => {
    expect(() => createIdentifierHasher(Buffer.alloc(8))).toThrow(/at least 16 bytes/);
  });
});

describe('IdentifierHashPool (the bulk-load hasher on a worker thread)', () => {
  const pool = new IdentifierHashPool(key);
  afterAll(() => pool.close());

  it('runs on a worker thread', () => {
    expect(pool.parallel).toBe(true);
  });

  it('returns exactly the hasher’s hashes, in input order', async () => {
    const out = await pool.hash(inputs);
    inputs.forEach(([kind, value], i) => {
      expect(out.subarray(i * 16, i * 16 + 16).toString('hex'), `${kind} #${i}`).toBe(reference(key, kind, value));
    });
  });

  it('agrees with node:crypto on arbitrary text and lengths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom<IdentifierKind>('phone', 'email', 'card', 'member_number'), fc.string({ unit: 'binary', maxLength: 300 })), {
          minLength: 1,
          maxLength: 50,
        }),
        async (batch) => {
          const out = await pool.hash(batch);
          batch.forEach(([kind, value], i) => expect(out.subarray(i * 16, i * 16 + 16).toString('hex')).toBe(reference(key, kind, value)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('agrees with node:crypto under arbitrary keys of 16 to 64 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom<IdentifierKind>('phone', 'email'), fc.string({ maxLength: 80 })), { minLength: 1, maxLength: 5 }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        async (batch, keyBytes) => {
          const k = Buffer.from(keyBytes);
          const p = new IdentifierHashPool(k);
          try {
            const out = await p.hash(batch);
            batch.forEach(([kind, value], i) => expect(out.subarray(i * 16, i * 16 + 16).toString('hex')).toBe(reference(k, kind, value)));
          } finally {
            await p.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('hashes on the calling thread, with the same result, when the worker cannot take the key', async () => {
    const longKey = randomBytes(100);
    const fallback = new IdentifierHashPool(longKey);
    try {
      expect(fallback.parallel).toBe(false);
      const out = await fallback.hash([['phone', '+46701234567']]);
      expect(out.toString('hex')).toBe(reference(longKey, 'phone', '+46701234567'));
    } finally {
      await fallback.close();
    }
  });
});
