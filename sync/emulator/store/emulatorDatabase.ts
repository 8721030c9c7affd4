import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { STEP_UP_MIGRATION } from '../stepUp/stepUpTables';
import { PROFILE_SUMMARY_MIGRATION } from '../summary/summaryTables';
import { RECEIPT_DELIVERY_MIGRATION } from '../receiptDelivery/receiptDeliveryTables';

/**
 * The emulated CRM's own SQLite schema (not the till's cache: the CRM holds identifiers in clear).
 * Migrations are numbered; `PRAGMA user_version` records the last one applied.
 */
const MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  -- row_json is the profile's bootstrap row (ProfileRowSchema), rendered on every write: it is the
  -- source of truth for what a till sees, and a bootstrap page is a string join of it.
  CREATE TABLE profiles (
    seq INTEGER PRIMARY KEY,
    last_name TEXT,
    created_at INTEGER NOT NULL,
    row_json TEXT NOT NULL
  );

  -- Identifiers of profiles made after seeding (admin, sign-ups) and moved by merges. Seeded demo
  -- identifiers are found arithmetically (demoIndexOfIdentifier), confirmed against row_json.
  CREATE TABLE identifiers (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    profile_seq INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
  ) WITHOUT ROWID;

  -- Erased and merged-away profiles: references to them resolve through here.
  CREATE TABLE gone_profiles (
    seq INTEGER PRIMARY KEY,
    reason TEXT NOT NULL CHECK (reason IN ('erased', 'merged')),
    into_seq INTEGER,
    at INTEGER NOT NULL
  );

  -- The change feed. Holds ids only: upserts are rendered from the current profile when served.
  CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL CHECK (type IN ('upsert', 'erase', 'merge', 'keys')),
    profile_seq INTEGER,
    from_seq INTEGER,
    at INTEGER NOT NULL
  );

  CREATE TABLE provisional_mappings (
    provisional_id TEXT PRIMARY KEY,
    profile_seq INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE receipts (
    receipt_id TEXT PRIMARY KEY,
    profile_seq INTEGER,
    pending_ref TEXT,
    device_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX receipts_by_profile ON receipts (profile_seq);
  CREATE INDEX receipts_by_pending_ref ON receipts (pending_ref) WHERE pending_ref IS NOT NULL;

  CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    profile_seq INTEGER,
    pending_ref TEXT,
    purpose TEXT NOT NULL,
    granted INTEGER NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX consents_by_profile ON consents (profile_seq);
  CREATE INDEX consents_by_pending_ref ON consents (pending_ref) WHERE pending_ref IS NOT NULL;

  CREATE TABLE idempotency_keys (
    idempotency_key TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    result_json TEXT NOT NULL,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE enrolment_codes (
    code TEXT PRIMARY KEY,
    store_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    device_id TEXT
  ) WITHOUT ROWID;

  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    store_id TEXT NOT NULL,
    till_name TEXT NOT NULL,
    app_version TEXT,
    platform TEXT,
    enrolled_at INTEGER NOT NULL,
    last_seen_at INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE member_qr_keys (
    kid TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    private_key_pkcs8 TEXT NOT NULL,
    not_before INTEGER NOT NULL,
    not_after INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0,
    signing INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  /* 2 */ STEP_UP_MIGRATION,
  /* 3 */ PROFILE_SUMMARY_MIGRATION,
  /* 4 */ RECEIPT_DELIVERY_MIGRATION,
];

export const EMULATOR_DATABASE_FILE = 'crm-emulator.sqlite';

export function openEmulatorDatabase(dataDir: string): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, EMULATOR_DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  // A big page cache: seeding a million members inserts into a 2-million-row identifier index.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Reads and writes of the `meta` key/value table. */
export class MetaTable {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: SqliteDatabase) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
}
