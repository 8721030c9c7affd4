// The limit of a bulk load, for cache.bench.ts and sync.bench.ts: the same rows inserted the plainest fast way
// better-sqlite3 allows, into the same tables without indexes (prepared single-row INSERTs, one transaction per
// page), the identifiers hashed on another thread meanwhile (page N+1 hashes while page N inserts), and the same
// indexes built once at the end. Same journal and sync settings as the cache. No resumability, no shadow copy, no
// sync_state: what is left when the till's bookkeeping is taken away.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import { IdentifierHashPool } from '../../../sync/cache/identifierHashPool';
import { IDENTIFIER_HASH_BYTES } from '../../../sync/cache/identifierHasher';
import { identifierKindCode } from '../../../sync/cache/identifierKindCode';
import type { IdentifierKind } from '../../../sync/cache/types';

export interface PlainInsertResult {
  milliseconds: number;
  insertMs: number;
  indexMs: number;
  profiles: number;
  identifiers: number;
}

export async function plainBulkInsert(hashKey: Buffer, pages: AsyncIterable<readonly BootstrapRow[]> | Iterable<readonly BootstrapRow[]>): Promise<PlainInsertResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-bench-plain-'));
  const db = new Database(path.join(dir, 'plain.db'));
  const pool = new IdentifierHashPool(hashKey);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.exec(`
      CREATE TABLE profiles (pk INTEGER PRIMARY KEY, id TEXT NOT NULL, first_name TEXT, display_name TEXT, tier TEXT,
        points_balance INTEGER NOT NULL DEFAULT 0, points_as_of INTEGER, status TEXT NOT NULL, updated_at INTEGER NOT NULL, source_version INTEGER);
      CREATE TABLE identifiers (hash BLOB NOT NULL, kind INTEGER NOT NULL, profile_pk INTEGER NOT NULL);
    `);
    const insertProfile = db.prepare('INSERT INTO profiles (pk, id, first_name, display_name, tier, points_balance, points_as_of, status, updated_at, source_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertIdentifier = db.prepare('INSERT INTO identifiers (hash, kind, profile_pk) VALUES (?, ?, ?)');
    let pk = 0;
    let identifiers = 0;
    const insertPage = db.transaction((rows: readonly BootstrapRow[], hashes: Buffer) => {
      const now = Date.now();
      let at = 0;
      for (const row of rows) {
        pk++;
        const p = row.profile;
        insertProfile.run(pk, p.id, p.firstName, p.displayName, p.tier, p.pointsBalance, p.pointsAsOf, p.status, now, row.sourceVersion ?? null);
        for (const identifier of row.identifiers) {
          insertIdentifier.run(hashes.subarray(at, at + IDENTIFIER_HASH_BYTES), identifierKindCode(identifier.kind), pk);
          at += IDENTIFIER_HASH_BYTES;
          identifiers++;
        }
      }
    });
    const started = performance.now();
    let previous: { rows: readonly BootstrapRow[]; hashes: Promise<Buffer> } | null = null;
    for await (const rows of pages) {
      const inputs: Array<[IdentifierKind, string]> = [];
      for (const row of rows) for (const identifier of row.identifiers) inputs.push([identifier.kind, identifier.value]);
      const current = { rows, hashes: pool.hash(inputs) };
      if (previous) insertPage(previous.rows, await previous.hashes);
      previous = current;
    }
    if (previous) insertPage(previous.rows, await previous.hashes);
    const inserted = performance.now();
    db.exec(`
      CREATE UNIQUE INDEX profiles_id ON profiles(id);
      CREATE INDEX profiles_pending ON profiles(status) WHERE status = 'pending_sync';
      CREATE UNIQUE INDEX identifiers_hash ON identifiers(hash);
      CREATE INDEX identifiers_profile ON identifiers(profile_pk);
    `);
    const finished = performance.now();
    return { milliseconds: Math.round(finished - started), insertMs: Math.round(inserted - started), indexMs: Math.round(finished - inserted), profiles: pk, identifiers };
  } finally {
    await pool.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
