import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { derivedIdempotencyKey } from '../../../sync/client/derivedIdempotencyKey';
import { IdempotencyKeySchema } from '../../../sync/protocol/upload';

const parent = '01936f2e-8c2a-7b1e-9f00-1234567890ab';

describe('derivedIdempotencyKey', () => {
  it.each([['consent:terms'], ['consent:marketing_email'], ['consent:marketing_sms']])('derives a valid, stable UUIDv7 for %s', (label) => {
    const key = derivedIdempotencyKey(parent, label);
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(true);
    expect(derivedIdempotencyKey(parent, label)).toBe(key);
    expect(key.slice(0, 13)).toBe(parent.slice(0, 13)); // same 48-bit time: keys stay time-ordered
    expect(key).not.toBe(parent);
  });

  it('gives different keys for different labels and parents', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const p = uuidv7();
      keys.add(derivedIdempotencyKey(p, 'consent:terms'));
      keys.add(derivedIdempotencyKey(p, 'consent:marketing_sms'));
    }
    expect(keys.size).toBe(400);
  });

  it('refuses a parent that is not a UUID', () => {
    expect(() => derivedIdempotencyKey('not-a-uuid', 'x')).toThrow();
  });
});
