import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { checkCacheWritable } from '../../../sync/cache/cacheStartChecks';

// The write probe's message names the cause a person can act on. The real refusals (a read-only file as another
// user, a full tmpfs) are tested end to end in test/integration/cli/startRefusals and test/integration/api/diskFull.
function databaseFailingWith(code: string): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  // A trigger makes SQLite itself fail the write the probe makes, with the result code under test.
  db.function('fail_with', () => {
    throw Object.assign(new Error(code === 'SQLITE_FULL' ? 'database or disk is full' : 'attempt to write a readonly database'), { code });
  });
  db.exec("CREATE TRIGGER probe_fails BEFORE INSERT ON sync_state BEGIN SELECT fail_with(); END");
  return db;
}

describe('the start-up write probe', () => {
  it.each([
    ['SQLITE_FULL', /the disk holding \/data\/cache\.db is full, so no sale could be recorded: free space on it/],
    ['SQLITE_READONLY', /\/data\/cache\.db cannot be written by .* \(SQLITE_READONLY: .*\), so no sale could be recorded/],
  ])('%s', (code, message) => {
    const db = databaseFailingWith(code);
    try {
      expect(() => checkCacheWritable(db, '/data/cache.db', () => 1)).toThrow(message);
    } finally {
      db.close();
    }
  });

  it('writes when it can', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    checkCacheWritable(db, '/data/cache.db', () => 42);
    expect(db.prepare("SELECT value FROM sync_state WHERE key = 'cache.lastOpenedAt'").pluck().get()).toBe('42');
    db.close();
  });
});
