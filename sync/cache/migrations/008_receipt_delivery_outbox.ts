import type { Migration } from './migration';

/**
 * The outbox may carry `receipt_delivery` items (a customer asked for their receipt by e-mail or SMS). SQLite cannot
 * change a CHECK constraint in place, so the table is rebuilt with the same rows, ids and order (`seq` kept).
 */
export const migration008: Migration = {
  version: 8,
  name: 'receipt delivery outbox kind',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_new (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'signup', 'consent', 'receipt_delivery')),
        idempotency_key TEXT NOT NULL UNIQUE,
        profile_id TEXT,
        payload TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO outbox_new (seq, id, kind, idempotency_key, profile_id, payload, state, attempts, last_error, created_at, updated_at)
        SELECT seq, id, kind, idempotency_key, profile_id, payload, state, attempts, last_error, created_at, updated_at FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_pending ON outbox(state, seq);
      CREATE INDEX outbox_profile ON outbox(profile_id) WHERE profile_id IS NOT NULL;
    `);
  },
};
