import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';

function store(maxEntries?: number) {
  let now = 1_000_000;
  const nonces = createMemoryNonceStore({ now: () => now, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return { nonces, advance: (ms: number) => (now += ms), at: () => now };
}

describe('memory nonce store', () => {
  it('reports a nonce as seen until it expires, then forgets it', () => {
    const { nonces, advance, at } = store();
    expect(nonces.seen('n-1', at() + 1000)).toBe(false);
    expect(nonces.seen('n-1', at() + 1000)).toBe(true);
    advance(999);
    expect(nonces.seen('n-1', at() + 1000)).toBe(true);
    advance(1);
    expect(nonces.seen('n-1', at() + 1000)).toBe(false); // expired: recorded afresh
    expect(nonces.seen('n-1', at() + 1000)).toBe(true);
  });

  it('keeps distinct nonces apart', () => {
    const { nonces, at } = store();
    expect(nonces.seen('a', at() + 1000)).toBe(false);
    expect(nonces.seen('b', at() + 1000)).toBe(false);
    expect(nonces.seen('a', at() + 1000)).toBe(true);
  });

  it('sweeps expired nonces, so a steady stream does not grow it', () => {
    const { nonces, advance, at } = store();
    for (let i = 0; i < 10_000; i++) {
      nonces.seen(`n-${i}`, at() + 330_000);
      advance(1000); // one scan a second, each valid 330 s
    }
    expect(nonces.size).toBeLessThanOrEqual(331);
  });

  it('never holds more than maxEntries, dropping the oldest', () => {
    const { nonces, at } = store(100);
    for (let i = 0; i < 1000; i++) nonces.seen(`n-${i}`, at() + 3_600_000);
    expect(nonces.size).toBe(100);
    expect(nonces.seen('n-999', at() + 1)).toBe(true);
    expect(nonces.seen('n-0', at() + 1)).toBe(false);
  });

  it('refuses a nonsensical size', () => {
    expect(() => createMemoryNonceStore({ now: () => 0, maxEntries: 0 })).toThrow();
  });
});
