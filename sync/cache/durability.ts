import type { Database } from 'better-sqlite3';

/**
 * Runs `write` (which opens its own transaction) with synchronous=FULL, so its commit is fsynced: used for what the
 * POS API acknowledges (receipts, sign-ups, consent changes). Inside an outer transaction the level cannot change,
 * and the outer commit decides.
 */
export function withFullSync<T>(db: Database, write: () => T): T {
  if (db.inTransaction) return write();
  db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * After personal data was removed (an erasure, a delivered sign-up), old page images can still sit in the WAL file:
 * checkpoint and truncate it so they leave the disk too. A no-op inside a transaction (the caller runs it after).
 */
export function truncateWal(db: Database): void {
  if (db.inTransaction || db.memory) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}
