import type { Sql } from '../db/sql';
import { STEP_UP_RULES } from '../../sync/protocol';

/**
 * At most `sendsPerWindow` sends per destination in any `sendWindowMs`. The key is the destination when the hub has
 * one (a phone number, an address) and the profile reference otherwise, so an unknown profile is limited exactly
 * like a known one and the limit itself reveals nothing. `check` locks the key for the transaction, so two hub
 * processes cannot both take the last send.
 */
export const sendLimiter = {
  /** Seconds to wait before `key` may be sent to again, or 0 when it may be now. */
  async retryAfterSeconds(tx: Sql, key: string, now: number): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`step-up-send:${key}`]);
    const [row] = await tx.query<{ n: number; oldest: number | null }>(
      'SELECT count(*)::int AS n, min(at) AS oldest FROM step_up_sends WHERE rate_key = $1 AND at > $2',
      [key, now - STEP_UP_RULES.sendWindowMs],
    );
    if (!row || row.n < STEP_UP_RULES.sendsPerWindow || row.oldest === null) return 0;
    return Math.max(1, Math.ceil((row.oldest + STEP_UP_RULES.sendWindowMs - now) / 1000));
  },

  async record(tx: Sql, key: string, now: number): Promise<void> {
    await tx.query('INSERT INTO step_up_sends (rate_key, at) VALUES ($1, $2)', [key, now]);
    // Old sends are never needed again; dropping them keeps the table as small as the window.
    await tx.query('DELETE FROM step_up_sends WHERE rate_key = $1 AND at <= $2', [key, now - STEP_UP_RULES.sendWindowMs]);
  },
};
