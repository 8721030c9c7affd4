import type { Migration } from './migration';

/**
 * Small tables for the sync engine and member QR verification.
 * - `sync_state`: cursor, bootstrap progress, last pull/push times, pointers to credential files.
 * - `member_keys`: public keys that verify member QR tokens, by key id.
 * - `seen_nonces`: member QR nonces until their token expires, so a replay stays refused across a restart.
 */
export const migration004: Migration = {
  version: 4,
  name: 'sync state, member keys, seen nonces',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE member_keys (kid TEXT PRIMARY KEY, public_key TEXT NOT NULL, not_after INTEGER) WITHOUT ROWID;
      CREATE TABLE seen_nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX seen_nonces_expiry ON seen_nonces(expires_at);
    `);
  },
};
