import { closeSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemberCache } from '../../../sync/cache/memberCache';
import { crmProfile, phone, tempDataDir } from './support/tempCache';

// What openMemberCache refuses before a till serves from it (the CLI side is test/integration/cli/startRefusals).
let temp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  temp = tempDataDir();
});
afterEach(() => temp.cleanup());

function cacheWithMembers(count: number): void {
  const cache = openMemberCache(temp.dir);
  cache.db.transaction(() => {
    for (let i = 0; i < count; i += 1) cache.profiles.upsertProfile(crmProfile(`crm-${i}`), [phone(`+467011${String(i).padStart(5, '0')}`)]);
  })();
  cache.receipts.enqueueReceipt({ receiptId: 'R-1', profileId: 'crm-1', createdAt: Date.now(), currency: 'SEK', totalMinor: 4990, body: { lines: [] } });
  cache.close();
}

describe('openMemberCache refuses', () => {
  it.each([
    ['deleted', (file: string) => rmSync(file), /cache\.db is missing, but this data directory has the hash\.key/],
    ['truncated', (file: string) => truncateSync(file, 0), /cache\.db is empty, but this data directory has the hash\.key/],
  ])('a cache.db %s next to its hash.key, unless the loss is accepted', (_what, lose, message) => {
    cacheWithMembers(3);
    lose(path.join(temp.dir, 'cache.db'));
    expect(() => openMemberCache(temp.dir)).toThrow(message);
    const accepted = openMemberCache(temp.dir, { acceptEmptyCache: true });
    try {
      expect(accepted.profiles.count()).toBe(0);
      expect(accepted.outbox.counts().pending).toBe(0);
    } finally {
      accepted.close();
    }
    // Accepted once, the new cache is the cache: the next start needs no flag.
    openMemberCache(temp.dir).close();
  });

  it('a cache with a damaged page (PRAGMA quick_check), naming the file and what to do', () => {
    cacheWithMembers(3_000);
    const probe = openMemberCache(temp.dir);
    const pageSize = probe.db.pragma('page_size', { simple: true }) as number;
    const rootPage = probe.db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'identifiers'").pluck().get() as number;
    probe.close();
    // Garbage over the b-tree page of a table a lookup reads: the file still opens, its schema and sync state read fine.
    const fd = openSync(path.join(temp.dir, 'cache.db'), 'r+');
    try {
      writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootPage - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    expect(() => openMemberCache(temp.dir)).toThrow(/cache\.db is damaged \(SQLite quick_check: .+\)\. Stop here: restore cache\.db from a backup/);
  });

  it('nothing on a first start: no key, no cache, a fresh cache', () => {
    const cache = openMemberCache(temp.dir);
    expect(cache.profiles.count()).toBe(0);
    cache.close();
  });
});
