import type { Sql } from '../db/sql';

/**
 * The one row (crm_change_feed) that says which hub process polls the CRM's change notifications, until when, and
 * from which position. A process takes it when it is free, expired, or already its own; renewing fails once another
 * process took it over, and that process carries on from the stored position.
 */
export class ChangeFeedLease {
  constructor(private readonly holder: string) {}

  /** The lease for `leaseMs` from `now`, with the stored position; null when another process holds it. */
  async take(sql: Sql, now: number, leaseMs: number): Promise<{ connector: string | null; position: string | null } | null> {
    const [row] = await sql.query<{ connector: string | null; position: string | null }>(
      `UPDATE crm_change_feed SET holder = $1, lease_until = $2 WHERE id = 1 AND (holder = $1 OR holder IS NULL OR lease_until < $3)
       RETURNING connector, position`,
      [this.holder, now + leaseMs, now],
    );
    return row ?? null;
  }

  /** True while the lease is still this process's (then extended). */
  async renew(sql: Sql, now: number, leaseMs: number): Promise<boolean> {
    const rows = await sql.query('UPDATE crm_change_feed SET lease_until = $2 WHERE id = 1 AND holder = $1 RETURNING id', [this.holder, now + leaseMs]);
    return rows.length > 0;
  }

  async savePosition(sql: Sql, connector: string, position: string, now: number): Promise<void> {
    await sql.query('UPDATE crm_change_feed SET connector = $1, position = $2, polled_at = $3 WHERE id = 1', [connector, position, now]);
  }
}
