import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { HubDatabase, Sql } from '../db/sql';
import { FEED_BOUNDS_COLUMNS } from '../feed/changeLog';
import type { FeedBounds } from '../feed/changeLog';
import { PROTOCOL_VERSION } from '../../sync/protocol';
import type { EnrolRequest, EnrolResponse } from '../../sync/protocol';

/** How stale a till's last_seen_at may be before a request writes it anew (the fleet calls a till silent after 15 minutes). */
export const LAST_SEEN_STEP_MS = 30_000;

/** No 0/O, 1/I/L: codes are read aloud and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface EnrolledTill {
  tillId: string;
  storeId: string;
  tillName: string;
  /** The change log's bounds, read in the authenticating statement: a poll at the head needs no statement of its own. */
  feed?: FeedBounds;
}

export type EnrolOutcome =
  | { ok: true; response: EnrolResponse; tillId: string }
  | { ok: false; problem: 'enrolment_code_invalid' | 'enrolment_code_used' | 'enrolment_code_expired' };

/** The code as the hub stores it: upper-case, without spaces and dashes. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Stores, their one-time enrolment codes, and the tills those codes became. Device tokens are kept hashed. */
export class EnrolmentDesk {
  constructor(private readonly db: HubDatabase) {}

  /** Adds the store, or renames it. */
  async saveStore(storeId: string, name: string, now: number): Promise<void> {
    await this.db.query(
      'INSERT INTO stores (store_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (store_id) DO UPDATE SET name = excluded.name',
      [storeId, name, now],
    );
  }

  async storeExists(storeId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 AS one FROM stores WHERE store_id = $1', [storeId])).length > 0;
  }

  /** A new one-time code (`XXXX-XXXX`) for a store, valid for `ttlSeconds`. */
  async issueCode(storeId: string, now: number, ttlSeconds: number): Promise<{ code: string; storeId: string; expiresAt: number }> {
    let code = '';
    for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const expiresAt = now + ttlSeconds * 1000;
    await this.db.query('INSERT INTO enrolment_codes (code, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [code, storeId, now, expiresAt]);
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, storeId, expiresAt };
  }

  /** Consumes the code and creates the till in one transaction; a code races to exactly one till. */
  async enrol(request: EnrolRequest, now: number): Promise<EnrolOutcome> {
    return this.db.transaction(async (tx): Promise<EnrolOutcome> => {
      const code = normaliseEnrolmentCode(request.code);
      const [row] = await tx.query<{ store_id: string; store_name: string; expires_at: number; used_at: number | null }>(
        'SELECT c.store_id, s.name AS store_name, c.expires_at, c.used_at FROM enrolment_codes c JOIN stores s USING (store_id) WHERE c.code = $1 FOR UPDATE OF c',
        [code],
      );
      if (!row) return { ok: false, problem: 'enrolment_code_invalid' };
      if (row.used_at !== null) return { ok: false, problem: 'enrolment_code_used' };
      if (row.expires_at <= now) return { ok: false, problem: 'enrolment_code_expired' };
      const tillId = `dev_${randomUUID()}`;
      const token = randomBytes(32).toString('base64url');
      await tx.query('UPDATE enrolment_codes SET used_at = $1, till_id = $2 WHERE code = $3', [now, tillId, code]);
      await tx.query(
        'INSERT INTO tills (till_id, token_sha256, store_id, name, app_version, platform, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [tillId, sha256(token), row.store_id, request.tillName, request.appVersion ?? null, request.platform ?? null, now],
      );
      return {
        ok: true,
        tillId,
        response: { deviceId: tillId, storeId: row.store_id, storeName: row.store_name, credentials: { token }, protocolVersion: PROTOCOL_VERSION },
      };
    });
  }

  /**
   * The till a bearer token belongs to, or null; notes when it was last seen, to within LAST_SEEN_STEP_MS. One
   * statement: the row is read, and written only when its last_seen_at is that much older (or unset), so the
   * hundreds of polls a second of a large fleet are reads, not a write and a commit each.
   */
  async authenticate(sql: Sql, token: string, now: number): Promise<EnrolledTill | null> {
    const [row] = await sql.query<{ till_id: string; store_id: string; name: string; newest: number | string; pruned: number | string }>(
      `WITH till AS (SELECT till_id, store_id, name, last_seen_at FROM tills WHERE token_sha256 = $1),
            seen AS (UPDATE tills SET last_seen_at = $2::bigint FROM till
                      WHERE tills.till_id = till.till_id AND (till.last_seen_at IS NULL OR till.last_seen_at <= $2::bigint - $3::bigint OR till.last_seen_at > $2::bigint))
       SELECT till_id, store_id, name, ${FEED_BOUNDS_COLUMNS} FROM till`,
      [sha256(token), now, LAST_SEEN_STEP_MS],
      { prepareAs: 'till_authenticate' },
    );
    return row ? { tillId: row.till_id, storeId: row.store_id, tillName: row.name, feed: { newest: Number(row.newest), pruned: Number(row.pruned) } } : null;
  }
}
