import { z } from 'zod';
import type { Sql } from '../db/sql';
import type { StoreCrmDeliveries } from '../fleetContract/fleetContract';

/** At most this many failed rows are listed (the newest); the count covers them all. */
export const FAILED_LISTED = 100;

/**
 * GET /admin/deliveries: what the hub owes its CRM and what it gave up on, and why. Counts, ids, kinds, stores,
 * tills and reasons only: never a payload (a sign-up's is personal data).
 */
export const CrmDeliveryReportSchema = z.object({
  counts: z.object({
    /** Due or backing off; `waiting` and `retrying` are among them. */
    pending: z.number(),
    /** Receipts, redemptions and consents held until their member's sign-up arrives or is delivered. */
    waiting: z.number(),
    /** Tried at least once and not delivered yet. */
    retrying: z.number(),
    delivered: z.number(),
    failed: z.number(),
  }),
  oldestPendingAt: z.number().nullable(),
  failed: z.array(z.object({
    id: z.number(),
    kind: z.enum(['signup', 'receipt', 'redemption', 'consent', 'matched_signup']),
    /** The receiptId, the (matched) sign-up's provisional id, the redemption's idempotency key or the consent's number at the hub. */
    itemKey: z.string(),
    storeId: z.string().nullable(),
    tillId: z.string(),
    attempts: z.number(),
    reason: z.string(),
    createdAt: z.number(),
    failedAt: z.number().nullable(),
  })),
  changeFeed: z.object({ connector: z.string().nullable(), polledAt: z.number().nullable(), backlog: z.number() }),
});
export type CrmDeliveryReport = z.infer<typeof CrmDeliveryReportSchema>;

interface FailedRow {
  id: number;
  kind: 'signup' | 'receipt' | 'redemption' | 'consent' | 'matched_signup';
  item_key: string;
  store_id: string | null;
  till_id: string;
  attempts: number;
  reason: string | null;
  created_at: number;
  done_at: number | null;
}

export async function crmDeliveryReport(sql: Sql): Promise<CrmDeliveryReport> {
  const [counts] = await sql.query<{ pending: number; waiting: number; retrying: number; delivered: number; failed: number; oldest: number | null }>(
    `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending,
            count(*) FILTER (WHERE state = 'pending' AND reason = 'waiting_for_signup')::int AS waiting,
            count(*) FILTER (WHERE state = 'pending' AND attempts > 0)::int AS retrying,
            count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE state = 'failed')::int AS failed,
            min(created_at) FILTER (WHERE state = 'pending') AS oldest
       FROM crm_deliveries`,
  );
  const failed = await sql.query<FailedRow>(
    `SELECT id, kind, item_key, store_id, till_id, attempts, reason, created_at, done_at FROM crm_deliveries
      WHERE state = 'failed' ORDER BY done_at DESC, id DESC LIMIT $1`,
    [FAILED_LISTED],
  );
  const [feed] = await sql.query<{ connector: string | null; polled_at: number | null; backlog: number }>(
    'SELECT connector, polled_at, (SELECT count(*)::int FROM crm_changed_members) AS backlog FROM crm_change_feed WHERE id = 1',
  );
  return {
    counts: {
      pending: counts?.pending ?? 0, waiting: counts?.waiting ?? 0, retrying: counts?.retrying ?? 0,
      delivered: counts?.delivered ?? 0, failed: counts?.failed ?? 0,
    },
    oldestPendingAt: counts?.oldest ?? null,
    failed: failed.map((r) => ({
      id: r.id, kind: r.kind, itemKey: r.item_key, storeId: r.store_id, tillId: r.till_id, attempts: r.attempts, reason: r.reason ?? 'unknown',
      createdAt: r.created_at, failedAt: r.done_at,
    })),
    changeFeed: { connector: feed?.connector ?? null, polledAt: feed?.polled_at ?? null, backlog: feed?.backlog ?? 0 },
  };
}

/** How far back the fleet report counts the receipts the CRM took. */
export const DELIVERED_COUNTED_MS = 24 * 60 * 60 * 1000;

/**
 * Per store: owed and failed deliveries, why the failed ones failed, and the receipts the CRM took in the day before
 * `now` (the fleet report's `crmDeliveries`).
 */
export async function crmDeliveriesByStore(sql: Sql, storeId: string | null, now: number): Promise<Map<string, StoreCrmDeliveries>> {
  const rows = await sql.query<{ store_id: string; state: string; reason: string | null; n: number; oldest: number | null }>(
    `SELECT store_id, state, CASE WHEN state = 'failed' THEN reason END AS reason, count(*)::int AS n, min(created_at) AS oldest
       FROM crm_deliveries WHERE state <> 'delivered' AND store_id IS NOT NULL AND ($1::text IS NULL OR store_id = $1)
      GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC`,
    [storeId],
  );
  const delivered = await sql.query<{ store_id: string; n: number }>(
    `SELECT store_id, count(*)::int AS n FROM crm_deliveries
      WHERE state = 'delivered' AND done_at > $2 AND kind = 'receipt' AND store_id IS NOT NULL AND ($1::text IS NULL OR store_id = $1)
      GROUP BY 1`,
    [storeId, now - DELIVERED_COUNTED_MS],
  );
  const byStore = new Map<string, StoreCrmDeliveries>();
  const entryOf = (id: string): StoreCrmDeliveries => byStore.get(id) ?? { pending: 0, failed: 0, oldestPendingAt: null, failedReasons: [], receiptsDeliveredLastDay: 0 };
  for (const r of delivered) byStore.set(r.store_id, { ...entryOf(r.store_id), receiptsDeliveredLastDay: r.n });
  for (const r of rows) {
    const entry = entryOf(r.store_id);
    if (r.state === 'pending') {
      entry.pending += r.n;
      entry.oldestPendingAt = r.oldest;
    } else {
      entry.failed += r.n;
      if (entry.failedReasons.length < 5) entry.failedReasons.push({ reason: r.reason ?? 'unknown', count: r.n });
    }
    byStore.set(r.store_id, entry);
  }
  return byStore;
}
