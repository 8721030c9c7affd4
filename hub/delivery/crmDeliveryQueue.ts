import type { Sql } from '../db/sql';
import type { SignupPayload } from '../../sync/protocol';
import type { ContactAdditions } from '../connectors/crmConnector';

export type DeliveryKind = 'signup' | 'receipt' | 'redemption' | 'consent' | 'matched_signup';

/** A row a worker claimed: it alone may deliver it until `leaseUntil`, and record its outcome under `leaseToken`. */
export interface ClaimedDelivery {
  id: number;
  kind: DeliveryKind;
  itemKey: string;
  tillId: string;
  storeId: string | null;
  profileRef: string | null;
  payload: string | null;
  attempts: number;
  leaseToken: string;
  /** When the row was queued (epoch ms). */
  createdAt: number;
  /** When a worker first found it waiting for a sign-up the hub has not received (epoch ms), if it did. */
  waitingSince: number | null;
}

interface ClaimedRow {
  id: number;
  kind: DeliveryKind;
  item_key: string;
  till_id: string;
  store_id: string | null;
  profile_ref: string | null;
  payload: string | null;
  attempts: number;
  lease_token: string;
  created_at: number;
  waiting_since: number | null;
}

const STORE_OF_TILL = '(SELECT store_id FROM tills WHERE till_id = $2)';

/**
 * The outbound queue to the CRM (table crm_deliveries, migration 0007). Enqueueing runs inside the transaction that
 * accepted the item (each item once: unique per kind and key); claiming takes one due row with FOR UPDATE SKIP LOCKED
 * and leases it, so hub processes on one database never deliver one row at the same time; every outcome is recorded
 * only under the lease it was claimed with (a worker whose lease ran out records nothing).
 */
export class CrmDeliveryQueue {
  /**
   * Whether the connector's push takes consents and matched sign-ups' additions (a queue never holds what nobody can
   * deliver).
   */
  constructor(private readonly carries: { consents: boolean; matchedSignups: boolean } = { consents: true, matchedSignups: true }) {}

  async enqueueSignup(tx: Sql, signup: SignupPayload, profileId: string, tillId: string, now: number): Promise<void> {
    await tx.query(
      `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, profile_ref, payload, next_at, created_at)
       VALUES ('signup', $1, $2, ${STORE_OF_TILL}, $3, $4, $5, $5) ON CONFLICT (kind, item_key) DO NOTHING`,
      [signup.provisionalId, tillId, profileId, JSON.stringify(signup), now],
    );
  }

  /** A batch's new receipts in one statement, queued in the order given (the queue delivers by row id). */
  async enqueueReceipts(tx: Sql, receiptIds: readonly string[], tillId: string, now: number): Promise<void> {
    if (receiptIds.length === 0) return;
    await tx.query(
      `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, next_at, created_at)
       SELECT 'receipt', u.receipt_id, $2, ${STORE_OF_TILL}, $3, $3 FROM unnest($1::text[]) WITH ORDINALITY AS u(receipt_id, n) ORDER BY u.n
       ON CONFLICT (kind, item_key) DO NOTHING`,
      [receiptIds, tillId, now],
    );
  }

  async enqueueRedemption(tx: Sql, idempotencyKey: string, profileId: string, points: number, tillId: string, now: number): Promise<void> {
    await tx.query(
      `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, profile_ref, payload, next_at, created_at)
       VALUES ('redemption', $1, $2, ${STORE_OF_TILL}, $3, $4, $5, $5) ON CONFLICT (kind, item_key) DO NOTHING`,
      [idempotencyKey, tillId, profileId, JSON.stringify({ points, at: now }), now],
    );
  }

  /**
   * A sign-up the hub matched to `profileId`, a member it already had: what it added to that member (personal data,
   * cleared once delivered), when the connector takes it.
   */
  async enqueueMatchedSignup(tx: Sql, provisionalId: string, profileId: string, additions: ContactAdditions, tillId: string, now: number): Promise<void> {
    if (!this.carries.matchedSignups) return;
    await tx.query(
      `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, profile_ref, payload, next_at, created_at)
       VALUES ('matched_signup', $1, $2, ${STORE_OF_TILL}, $3, $4, $5, $5) ON CONFLICT (kind, item_key) DO NOTHING`,
      [provisionalId, tillId, profileId, JSON.stringify(additions), now],
    );
  }

  /** A till's consent (the `consents` row's id), when the connector takes consents; read from `consents` at delivery. */
  async enqueueConsent(tx: Sql, consentId: number, tillId: string, now: number): Promise<void> {
    if (!this.carries.consents) return;
    await tx.query(
      `INSERT INTO crm_deliveries (kind, item_key, till_id, store_id, next_at, created_at)
       VALUES ('consent', $1, $2, ${STORE_OF_TILL}, $3, $3) ON CONFLICT (kind, item_key) DO NOTHING`,
      [String(consentId), tillId, now],
    );
  }

  /** The oldest due row nobody holds, leased to `leaseToken` until `leaseUntil`; null when none is due. */
  async claim(sql: Sql, leaseToken: string, leaseUntil: number, now: number): Promise<ClaimedDelivery | null> {
    const [row] = await sql.query<ClaimedRow>(
      `UPDATE crm_deliveries SET lease_token = $1, lease_until = $2
        WHERE id = (SELECT id FROM crm_deliveries
                     WHERE state = 'pending' AND next_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
                     ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, item_key, till_id, store_id, profile_ref, payload, attempts, lease_token, created_at, waiting_since`,
      [leaseToken, leaseUntil, now],
    );
    if (row === undefined) return null;
    return {
      id: row.id, kind: row.kind, itemKey: row.item_key, tillId: row.till_id, storeId: row.store_id, profileRef: row.profile_ref,
      payload: row.payload, attempts: row.attempts, leaseToken: row.lease_token, createdAt: row.created_at, waitingSince: row.waiting_since,
    };
  }

  /** True while `claimed` is still leased to its worker; locks the row for the rest of the transaction. */
  async stillHeld(tx: Sql, claimed: ClaimedDelivery): Promise<boolean> {
    const rows = await tx.query('SELECT 1 AS one FROM crm_deliveries WHERE id = $1 AND lease_token = $2 FOR UPDATE', [claimed.id, claimed.leaseToken]);
    return rows.length > 0;
  }

  /** Accepted or duplicate at the CRM. A sign-up's personal data is no longer needed once it is delivered. */
  async delivered(sql: Sql, claimed: ClaimedDelivery, now: number): Promise<void> {
    await sql.query(
      `UPDATE crm_deliveries SET state = 'delivered', attempts = attempts + 1, last_attempt_at = $3, done_at = $3, reason = NULL,
              payload = CASE WHEN kind IN ('signup', 'matched_signup') THEN NULL ELSE payload END, lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2`,
      [claimed.id, claimed.leaseToken, now],
    );
  }

  /** Nothing to send any more (a consent a newer decision replaced): done, with why, and no attempt counted. */
  async skipped(sql: Sql, claimed: ClaimedDelivery, reason: string, now: number): Promise<void> {
    await sql.query(
      `UPDATE crm_deliveries SET state = 'delivered', done_at = $4, reason = $3, lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2`,
      [claimed.id, claimed.leaseToken, reason, now],
    );
  }

  /** Not delivered this time: tried again at `nextAt`. */
  async retry(sql: Sql, claimed: ClaimedDelivery, reason: string, nextAt: number, now: number): Promise<void> {
    await sql.query(
      `UPDATE crm_deliveries SET attempts = attempts + 1, last_attempt_at = $4, next_at = $5, reason = $3, lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2`,
      [claimed.id, claimed.leaseToken, reason, now, nextAt],
    );
  }

  /**
   * Not sent at all (it waits for its member's sign-up, or an earlier consent): looked at again at `nextAt`, no attempt
   * counted. `since`: when it began waiting for a sign-up the hub has not received (kept from the first such wait).
   */
  async wait(sql: Sql, claimed: ClaimedDelivery, reason: string, nextAt: number, since: number | null = null): Promise<void> {
    await sql.query(
      `UPDATE crm_deliveries SET next_at = $4, reason = $3, waiting_since = COALESCE(waiting_since, $5), lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2`,
      [claimed.id, claimed.leaseToken, reason, nextAt, since],
    );
  }

  /** Given up: kept with its reason for the admin and the fleet page, never dropped. */
  async failed(sql: Sql, claimed: ClaimedDelivery, reason: string, countsAsAttempt: boolean, now: number): Promise<void> {
    await sql.query(
      `UPDATE crm_deliveries SET state = 'failed', attempts = attempts + $4, last_attempt_at = $5, done_at = $5, reason = $3,
              lease_token = NULL, lease_until = NULL
        WHERE id = $1 AND lease_token = $2`,
      [claimed.id, claimed.leaseToken, reason, countsAsAttempt ? 1 : 0, now],
    );
  }

  /** The sign-up delivery of a profile the hub made for one, if any: a receipt or redemption of it waits for it. */
  async signupStateOf(sql: Sql, profileId: string): Promise<'pending' | 'delivered' | 'failed' | null> {
    const [row] = await sql.query<{ state: 'pending' | 'delivered' | 'failed' }>(
      "SELECT state FROM crm_deliveries WHERE kind = 'signup' AND profile_ref = $1 ORDER BY id DESC LIMIT 1",
      [profileId],
    );
    return row?.state ?? null;
  }

  /** Failed rows back in the queue, as new (the admin fixed the cause): all, or the given ids. Answers how many. */
  async requeueFailed(sql: Sql, ids: readonly number[] | null, now: number): Promise<number> {
    const rows = await sql.query(
      `UPDATE crm_deliveries SET state = 'pending', attempts = 0, next_at = $2, done_at = NULL, reason = NULL, waiting_since = NULL
        WHERE state = 'failed' AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) RETURNING id`,
      [ids, now],
    );
    return rows.length;
  }

  /** Receipts and consents failed `signup_never_arrived` whose sign-up has now come: back in the queue, as new. */
  async requeueGaveUpOnSignup(tx: Sql, receiptIds: readonly string[], consentIds: readonly number[], now: number): Promise<void> {
    if (receiptIds.length === 0 && consentIds.length === 0) return;
    await tx.query(
      `UPDATE crm_deliveries SET state = 'pending', attempts = 0, next_at = $3, done_at = NULL, reason = NULL, waiting_since = NULL
        WHERE state = 'failed' AND reason = 'signup_never_arrived'
          AND ((kind = 'receipt' AND item_key = ANY($1::text[])) OR (kind = 'consent' AND item_key = ANY($2::text[])))`,
      [receiptIds, consentIds.map(String), now],
    );
  }

  /** Delivered rows older than `before` go: the queue keeps what is owed and what failed, not a history. */
  async pruneDelivered(sql: Sql, before: number): Promise<void> {
    await sql.query("DELETE FROM crm_deliveries WHERE state = 'delivered' AND done_at < $1", [before]);
  }
}
