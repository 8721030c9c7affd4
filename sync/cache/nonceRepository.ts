import type { Database, Statement } from 'better-sqlite3';

/**
 * Member QR nonces seen, kept until their token can no longer be accepted, so a replayed QR stays refused across a
 * restart. Same contract as main/identify's NonceStore.
 */
export class NonceRepository {
  private readonly claim: Statement;
  private readonly deleteExpired: Statement;
  private pruneCountdown = 0;

  constructor(db: Database, private readonly now: () => number = Date.now) {
    // Inserts a new nonce, or takes over one whose window has passed; changes = 0 means it is still live: a replay.
    this.claim = db.prepare(
      `INSERT INTO seen_nonces (nonce, expires_at) VALUES (@nonce, @expiresAt)
       ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_nonces.expires_at <= @now`,
    );
    this.deleteExpired = db.prepare('DELETE FROM seen_nonces WHERE expires_at <= ?');
  }

  /** True if `nonce` was already seen and has not expired; otherwise records it until `expiresAtMs` and returns false. */
  seen(nonce: string, expiresAtMs: number): boolean {
    const now = this.now();
    const fresh = this.claim.run({ nonce, expiresAt: expiresAtMs, now }).changes > 0;
    // Amortised clean-up: the table only ever holds about five minutes of scans.
    if (fresh && ++this.pruneCountdown >= 100) this.prune();
    return !fresh;
  }

  /** Forgets expired nonces; returns how many. */
  prune(): number {
    this.pruneCountdown = 0;
    return this.deleteExpired.run(this.now()).changes;
  }
}
