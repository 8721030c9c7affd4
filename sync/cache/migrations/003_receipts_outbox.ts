import type { Migration } from './migration';

/**
 * Receipts and the outbox of what must reach the CRM.
 * - `outbox.seq` gives delivery order (insertion order, immune to clock jumps); `id` is the UUIDv7 the CRM sees.
 * - `payload` is NULL once delivered: a sign-up carries the clear phone/email the CRM needs, and the till keeps it
 *   only until the CRM has it.
 */
export const migration003: Migration = {
  version: 3,
  name: 'receipts and outbox',
  up(db) {
    db.exec(`
      CREATE TABLE receipts (
        receipt_id TEXT PRIMARY KEY,
        profile_id TEXT,
        created_at INTEGER NOT NULL,
        currency TEXT NOT NULL,
        total_minor INTEGER NOT NULL,
        body TEXT NOT NULL,
        queued_at INTEGER NOT NULL
      );
      CREATE INDEX receipts_profile ON receipts(profile_id, created_at) WHERE profile_id IS NOT NULL;

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'signup', 'consent')),
        idempotency_key TEXT NOT NULL UNIQUE,
        profile_id TEXT,
        payload TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_pending ON outbox(state, seq);
      CREATE INDEX outbox_profile ON outbox(profile_id) WHERE profile_id IS NOT NULL;
    `);
  },
};
