// An in-memory NonceStore for unit tests and benches: the till itself keeps nonces in SQLite (sync/cache/nonceRepository.ts).
import type { NonceStore } from '../../main/identify/nonceStore';

export interface MemoryNonceStore extends NonceStore {
  /** How many nonces are held (expired ones may linger until the next sweep). */
  readonly size: number;
}

/**
 * A bounded in-memory nonce store. Entries live until their token can no longer be accepted anyway
 * (exp + skew), then are forgotten: each call sweeps expired entries from the old end, so the work is amortised
 * O(1). At `maxEntries` it drops the oldest:
 * at a till that means more than `maxEntries` member QR scans inside one token lifetime (about five minutes),
 * which does not happen, so eviction never forgets a nonce whose token is still acceptable in practice.
 */
export function createMemoryNonceStore(options: { now: () => number; maxEntries?: number }): MemoryNonceStore {
  const maxEntries = options.maxEntries ?? 50_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('nonce store: maxEntries must be a positive integer');
  // Insertion order ≈ expiry order (lifetimes are bounded), so the oldest entries are swept first.
  const expiries = new Map<string, number>();

  function sweepFront(now: number): void {
    for (const [nonce, expiresAt] of expiries) {
      if (expiresAt > now) break;
      expiries.delete(nonce);
    }
  }

  return {
    get size() {
      return expiries.size;
    },
    seen(nonce, expiresAtMs) {
      const now = options.now();
      const known = expiries.get(nonce);
      if (known !== undefined && known > now) return true;
      if (known !== undefined) expiries.delete(nonce);
      sweepFront(now);
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next();
        if (oldest.done) break;
        expiries.delete(oldest.value);
      }
      expiries.set(nonce, expiresAtMs);
      return false;
    },
  };
}
