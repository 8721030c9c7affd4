import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../sync/cache/migrationRunner';
import { CACHE_MIGRATIONS } from '../../../sync/cache/migrations/index';
import type { Migration } from '../../../sync/cache/migrations/migration';

let db: Database.Database;
afterEach(() => db?.close());

function objects(d: Database.Database): string[] {
  return (d.prepare(`SELECT type || ' ' || name AS o FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY o`).pluck().all() as string[]);
}

const version = (d: Database.Database): number => d.pragma('user_version', { simple: true }) as number;

describe('cache migrations, each on its own', () => {
  it.each([
    [1, ['index identifiers_hash', 'index identifiers_profile', 'index profiles_id', 'table identifiers', 'table profiles']],
    [2, ['table consents']],
    [3, ['index outbox_pending', 'index outbox_profile', 'index receipts_profile', 'table outbox', 'table receipts']],
    [4, ['index seen_nonces_expiry', 'table member_keys', 'table seen_nonces', 'table sync_state']],
  ])('migration %i creates exactly its objects', (v, created) => {
    db = new Database(':memory:');
    runMigrations(db, CACHE_MIGRATIONS.slice(0, v - 1));
    const before = new Set(objects(db));
    runMigrations(db, CACHE_MIGRATIONS.slice(0, v));
    expect(objects(db).filter((o) => !before.has(o))).toEqual(created);
    expect(version(db)).toBe(v);
  });
});

describe('runMigrations', () => {
  it('brings an empty file to the latest version and reports what it applied', () => {
    db = new Database(':memory:');
    const report = runMigrations(db, CACHE_MIGRATIONS);
    expect(report).toEqual({
      from: 0,
      to: 8,
      applied: [
        '001 profiles and identifiers', '002 consents', '003 receipts and outbox', '004 sync state, member keys, seen nonces', '005 receipt delivery state',
        '006 pending sign-ups index', '007 consent version', '008 receipt delivery outbox kind',
      ],
    });
    expect(version(db)).toBe(8);
  });

  it('applies nothing to an up-to-date file', () => {
    db = new Database(':memory:');
    runMigrations(db, CACHE_MIGRATIONS);
    expect(runMigrations(db, CACHE_MIGRATIONS).applied).toEqual([]);
  });

  it('continues from where an older Tillid left the file', () => {
    db = new Database(':memory:');
    runMigrations(db, CACHE_MIGRATIONS.slice(0, 2));
    expect(runMigrations(db, CACHE_MIGRATIONS)).toMatchObject({
      from: 2,
      to: 8,
      applied: [
        '003 receipts and outbox', '004 sync state, member keys, seen nonces', '005 receipt delivery state', '006 pending sign-ups index', '007 consent version',
        '008 receipt delivery outbox kind',
      ],
    });
  });

  it('refuses a file written by a newer Tillid', () => {
    db = new Database(':memory:');
    db.pragma('user_version = 9');
    expect(() => runMigrations(db, CACHE_MIGRATIONS)).toThrow(/version 9, newer than this Tillid knows \(8\)/);
  });

  it('rolls a failing migration back completely, leaving the version at the last good one', () => {
    db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('THIS IS NOT SQL');
      },
    };
    expect(() => runMigrations(db, [CACHE_MIGRATIONS[0]!, broken])).toThrow();
    expect(version(db)).toBe(1);
    expect(objects(db)).not.toContain('table half_done');
  });

  it('refuses a migration list that is not numbered 1..n', () => {
    db = new Database(':memory:');
    expect(() => runMigrations(db, [CACHE_MIGRATIONS[1]!])).toThrow(/numbered 1..n/);
  });
});
