import type { Database as SqliteDatabase } from 'better-sqlite3';
import { STEP_UP_RULES } from '../../protocol';

/**
 * At most `sendsPerWindow` sends per destination in any `sendWindowMs`. The key is the destination when the CRM has
 * one (a phone number, an address) and the profile reference otherwise, so an unknown profile is limited exactly
 * like a known one and the limit itself reveals nothing.
 */
export class SendLimiter {
  private readonly s;

  constructor(db: SqliteDatabase) {
    this.s = {
      inWindow: db.prepare<[string, number], { n: number; oldest: number | null }>('SELECT count(*) AS n, min(at) AS oldest FROM step_up_sends WHERE rate_key = ? AND at > ?'),
      record: db.prepare<[string, number]>('INSERT INTO step_up_sends (rate_key, at) VALUES (?, ?)'),
      prune: db.prepare<[number]>('DELETE FROM step_up_sends WHERE at <= ?'),
    };
  }

  /** Seconds to wait before `key` may be sent to again, or 0 when it may be now. */
  retryAfterSeconds(key: string, now: number): number {
    const { n, oldest } = this.s.inWindow.get(key, now - STEP_UP_RULES.sendWindowMs) ?? { n: 0, oldest: null };
    if (n < STEP_UP_RULES.sendsPerWindow || oldest === null) return 0;
    return Math.max(1, Math.ceil((oldest + STEP_UP_RULES.sendWindowMs - now) / 1000));
  }

  record(key: string, now: number): void {
    this.s.record.run(key, now);
    // Old sends are never needed again; dropping them keeps the table as small as the window.
    this.s.prune.run(now - STEP_UP_RULES.sendWindowMs);
  }
}
