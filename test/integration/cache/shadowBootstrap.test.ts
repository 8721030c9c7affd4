import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { BootstrapLoader } from '../../../sync/cache/bootstrapLoader';
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import { bulkLoadProfiles } from '../../../sync/cache/bulkLoadProfiles';
import { openCacheDatabase } from '../../../sync/cache/database';
import { createIdentifierHasher } from '../../../sync/cache/identifierHasher';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { testEmail, testMember, testPage, testPhone } from './support/memberPages';
import { bootstrapChildKilledAt, bootstrapChildToEnd } from './support/runBootstrapChild';
import { crmProfile, openTempCache, phone } from './support/tempCache';
import { freshCacheEachTest, type TempDataDir } from './support/freshCacheEachTest';

// A re-bootstrap (after a 410, or a manager's "reload all members") loads the new copy into shadow tables while the
// old copy keeps answering lookups, then swaps the copies in one short transaction.

let temp: TempDataDir;
let cache: MemberCache;

freshCacheEachTest((fresh) => ({ temp, cache } = fresh), () => cache);

/** Members `from..to-1` (ids crm-<i>), `perPage` a page. */
function members(from: number, to: number, perPage = 100, change: Partial<BootstrapRow['profile']> = {}): BootstrapRow[][] {
  const pages: BootstrapRow[][] = [];
  for (let start = from; start < to; start += perPage) {
    pages.push(Array.from({ length: Math.min(perPage, to - start) }, (_, k) => {
      const row = testMember(start + k);
      return { ...row, profile: { ...row.profile, ...change } };
    }));
  }
  return pages;
}

function found(i: number): string | undefined {
  return cache.profiles.findByIdentifier('phone', testPhone(i))?.id;
}

function lookupPlan(): string {
  const rows = cache.db.prepare('EXPLAIN QUERY PLAN SELECT p.id FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE i.hash = ?').all(Buffer.alloc(16)) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join(' | ');
}

function tableNames(): string[] {
  return cache.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
}

function indexDefinitions(): string[] {
  const rows = cache.db.prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('profiles', 'identifiers', 'consents') ORDER BY tbl_name, name`).all() as Array<{ name: string; tbl_name: string; sql: string }>;
  // The name alternates between swaps (SQLite cannot rename an index); what it indexes must not change.
  return rows.map((r) => `${r.tbl_name}: ${r.sql.replace(/^CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?"?\w+"? ON "?\w+"?/, 'CREATE $1INDEX ON')}`);
}

describe('BootstrapLoader: the first copy is a shadow copy too', () => {
  it.each([
    ['an empty cache', () => undefined, undefined],
    ['a cache holding only the till’s own sign-ups', () => void cache.profiles.createPendingProfile({ firstName: 'Sara', identifiers: [phone('+46761234567')], consents: [], at: 1, source: 'till:T1' }), 'Sara'],
  ])('%s: lookups stay one index probe while it loads, and find the copy once it is swapped in', async (_case, arrange, sara) => {
    arrange();
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    expect(loader.begin()).toEqual({ resumed: false, into: 'shadow' });
    await loader.loadPage(testPage(0, 50));
    // Not in yet, and answered from the live tables' index (an unindexed table would be scanned: seconds at 5M).
    expect(found(7)).toBeUndefined();
    expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash/);
    expect(cache.profiles.findByIdentifier('phone', '+46761234567')?.firstName).toBe(sara);
    expect(await loader.finish()).toMatchObject({ into: 'shadow', pendingCarried: sara ? 1 : 0 });
    expect(found(7)).toBe('crm-7');
    expect(cache.profiles.findByIdentifier('phone', '+46761234567')?.firstName).toBe(sara);
  });
});

describe('BootstrapLoader: a re-bootstrap loads a shadow copy and swaps it in', () => {
  beforeEach(async () => {
    await bulkLoadProfiles(cache.db, cache.hashKey, members(0, 300));
  });

  it('keeps answering from the old copy, by index, until the new one is complete', async () => {
    const indexesBefore = indexDefinitions();
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    expect(loader.begin()).toEqual({ resumed: false, into: 'shadow' });
    expect(BootstrapLoader.inProgress(cache.db)).toBe(true);

    // The CRM's new copy: members 100..399, every one with 5000 points.
    for (const page of members(100, 400, 100, { pointsBalance: 5000 })) {
      await loader.loadPage(page);
      expect([found(10), found(150), found(350)]).toEqual(['crm-10', 'crm-150', undefined]);
      expect(cache.profiles.findById('crm-150')?.pointsBalance).toBe(150);
      expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash/);
      expect(cache.profiles.count()).toBe(300);
    }

    const report = await loader.finish();
    expect(report).toMatchObject({ into: 'shadow', pendingCarried: 0 });
    expect(report.swapMs).toBeGreaterThanOrEqual(0);

    expect([found(10), found(150), found(350)]).toEqual([undefined, 'crm-150', 'crm-350']);
    expect(cache.profiles.findByIdentifier('email', testEmail(399))).toMatchObject({ id: 'crm-399', pointsBalance: 5000 });
    expect(cache.profiles.count()).toBe(300);
    expect(cache.db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(600);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
    // No shadow or old copy is left, the indexes index the same columns, the planner has statistics for them.
    expect(tableNames()).toEqual(['consents', 'identifiers', 'member_keys', 'outbox', 'profiles', 'receipts', 'seen_nonces', 'sync_state']);
    expect(indexDefinitions()).toEqual(indexesBefore);
    // The first copy (beforeEach) was swapped in under the _alt names; this swap goes back to the migrations' names.
    expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash\b(?!_)/);
    expect(cache.db.prepare(`SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ('profiles', 'identifiers', 'profiles_shadow', 'identifiers_shadow') ORDER BY tbl`).pluck().all()).toEqual(['identifiers', 'profiles']);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('alternates index names from swap to swap, back to the migrations’ names', async () => {
    await bulkLoadProfiles(cache.db, cache.hashKey, members(0, 100));
    expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash\b(?!_)/);
    await bulkLoadProfiles(cache.db, cache.hashKey, members(0, 100));
    expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash_alt/);
    expect(found(99)).toBe('crm-99');
  });

  it('keeps the till’s own sign-ups (made before and during the load), their consents, receipts and the outbox, all linked', async () => {
    const signup = (first: string, tel: string) => {
      const result = cache.profiles.createPendingProfile({ firstName: first, identifiers: [phone(tel)], consents: [{ purpose: 'terms', granted: true }], at: 1, source: 'till:T1' });
      if (result.status !== 'created') throw new Error('expected a sign-up');
      return result.profile.id;
    };
    const before = signup('Sara', '+46761234567');
    cache.receipts.enqueueReceipt({ receiptId: 'r-sara', profileId: before, createdAt: 1, currency: 'SEK', totalMinor: 100, body: {} });
    cache.receipts.enqueueReceipt({ receiptId: 'r-old', profileId: 'crm-10', createdAt: 1, currency: 'SEK', totalMinor: 100, body: {} });

    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    expect(loader.begin().into).toBe('shadow');
    await loader.loadPage(members(100, 200)[0]!);
    const during = signup('Olle', '+46762223344');
    // The CRM's copy also knows Sara's phone (from the web shop) as crm-500: the CRM's claim wins, as in a first copy.
    await loader.loadPage([{ ...testMember(500), identifiers: [phone('+46761234567')] }]);
    expect(await loader.finish()).toMatchObject({ into: 'shadow', pendingCarried: 2 });

    expect(cache.profiles.findById(before)).toMatchObject({ status: 'pending_sync', firstName: 'Sara' });
    expect(cache.profiles.findByIdentifier('phone', '+46761234567')?.id).toBe('crm-500');
    expect(cache.profiles.findByIdentifier('phone', '+46762223344')).toMatchObject({ id: during, status: 'pending_sync' });
    expect(cache.consents.listFor(before)).toHaveLength(1);
    expect(cache.consents.listFor(during)).toHaveLength(1);
    expect(cache.receipts.findById('r-sara')?.profileId).toBe(before);
    expect(cache.receipts.findById('r-old')?.profileId).toBe('crm-10');
    expect(cache.outbox.counts().pending).toBe(4);
    expect(cache.profiles.count()).toBe(103);

    // The carried sign-up still behaves: the CRM's answer maps it, re-pointing its identifiers, consents and receipt.
    cache.profiles.repointProfileId(during, 'crm-900');
    expect(cache.profiles.findByIdentifier('phone', '+46762223344')).toMatchObject({ id: 'crm-900', status: 'active' });
    cache.profiles.repointProfileId(before, 'crm-500');
    expect(cache.receipts.findById('r-sara')?.profileId).toBe('crm-500');
    expect(cache.consents.listFor('crm-500')).toHaveLength(1);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('resumes an interrupted shadow load, answering from the old copy in between', async () => {
    const first = new BootstrapLoader(cache.db, cache.hashKey);
    first.begin();
    await first.loadPage(members(300, 400)[0]!, { 'test.nextPage': '1' });
    await first.close();
    cache.close();

    cache = openTempCache(temp.dir);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(true);
    expect([found(0), found(350)]).toEqual(['crm-0', undefined]);
    const second = new BootstrapLoader(cache.db, cache.hashKey);
    expect(second.begin()).toEqual({ resumed: true, into: 'shadow' });
    expect(cache.syncState.get('test.nextPage')).toBe('1');
    await second.loadPage(members(400, 500)[0]!, { 'test.nextPage': '2' });
    await second.finish();
    expect([found(0), found(350), found(450)]).toEqual([undefined, 'crm-350', 'crm-450']);
    expect(cache.profiles.count()).toBe(200);
  });

  it('throws an interrupted shadow copy away on begin({ restart: true }), still answering from the old copy', async () => {
    const first = new BootstrapLoader(cache.db, cache.hashKey);
    first.begin();
    await first.loadPage(members(1000, 1100)[0]!);
    await first.close();

    const second = new BootstrapLoader(cache.db, cache.hashKey);
    expect(second.begin({ restart: true })).toEqual({ resumed: false, into: 'shadow' });
    expect(found(5)).toBe('crm-5');
    await second.loadPage(members(2000, 2050)[0]!);
    await second.finish();
    expect([found(5), found(1050), found(2010)]).toEqual([undefined, undefined, 'crm-2010']);
    expect(cache.profiles.count()).toBe(50);
  });

  it('cleans up a page loaded twice into the shadow when it finishes', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    loader.begin();
    const [page] = members(0, 100);
    await loader.loadPage(page!);
    await loader.loadPage(page!);
    await loader.finish();
    expect(cache.profiles.count()).toBe(100);
    expect(cache.db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(200);
    expect(found(42)).toBe('crm-42');
  });

  it('finishes deleting the old copy after a crash during that deletion; the new copy answers meanwhile', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    loader.begin();
    for (const page of members(100, 400)) await loader.loadPage(page);
    const finishing = loader.finish();
    let settled = false;
    finishing.then(() => (settled = true), () => (settled = true));
    // Stop the process the moment the old copy has been swapped out (the deletion runs in batches between turns).
    for (let turn = 0; turn < 100_000 && !settled && !tableNames().includes('profiles_retired'); turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(tableNames()).toContain('profiles_retired');
    cache.close();
    await expect(finishing).rejects.toThrow();

    cache = openTempCache(temp.dir);
    expect(tableNames()).toContain('profiles_retired');
    expect([found(10), found(350)]).toEqual([undefined, 'crm-350']);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
    expect(await new BootstrapLoader(cache.db, cache.hashKey).finish()).toMatchObject({ into: null });
    expect(tableNames().filter((t) => t.endsWith('_retired') || t.endsWith('_shadow'))).toEqual([]);
    expect(found(350)).toBe('crm-350');
  });

  it('survives kill -9 during a shadow load: the old copy answers until the new one is complete', async () => {
    // The old copy: members 100000..100499. The child loads the new one, members 0..(pages × pageSize - 1).
    await bulkLoadProfiles(cache.db, cache.hashKey, members(100_000, 100_500));
    cache.close();
    const pages = 24;
    const pageSize = 400;
    const run = { dir: temp.dir, pages, pageSize };
    for (let round = 0; round < 2; round++) {
      const seen = await bootstrapChildKilledAt(run, (line) => line === `committed ${round * 8 + 4}`);
      expect(seen.at(-1)).not.toBe('finished');
      expect(seen[0]).toMatch(round === 0 ? /^begun resumed=false at=0 into=shadow$/ : /^begun resumed=true at=([1-9]\d*) into=shadow$/);

      cache = openTempCache(temp.dir);
      expect(BootstrapLoader.inProgress(cache.db)).toBe(true);
      expect([found(100_000), found(100_499), found(0), found(1)]).toEqual(['crm-100000', 'crm-100499', undefined, undefined]);
      expect(lookupPlan()).toMatch(/USING INDEX identifiers_hash/);
      expect(cache.profiles.count()).toBe(500);
      cache.close();
    }
    // Killed once more right after the last page, somewhere in finish(): index builds, the swap, or the deletion of
    // the old copy. Whichever it was, lookups answer from one complete copy, never a mix.
    await bootstrapChildKilledAt(run, (line) => line === `committed ${pages - 1}`);
    cache = openTempCache(temp.dir);
    const last = pages * pageSize - 1;
    expect([
      ['crm-100000', 'crm-100250', 'crm-100499', undefined, undefined, undefined],
      [undefined, undefined, undefined, 'crm-0', 'crm-4800', `crm-${last}`],
    ]).toContainEqual([100_000, 100_250, 100_499, 0, 4_800, last].map(found));
    cache.close();

    const { seen, exitCode } = await bootstrapChildToEnd(run);
    expect(exitCode).toBe(0);
    expect(seen).toEqual(['finished']);

    cache = openTempCache(temp.dir);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
    expect(cache.profiles.count()).toBe(pages * pageSize);
    expect(cache.db.prepare('SELECT count(DISTINCT id) FROM profiles').pluck().get()).toBe(pages * pageSize);
    expect([found(100_000), found(0), found(pages * pageSize - 1)]).toEqual([undefined, 'crm-0', `crm-${pages * pageSize - 1}`]);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('BootstrapLoader without a worker thread', () => {
  it('builds the shadow’s indexes on its own connection (an in-memory database cannot be shared)', async () => {
    const db = openCacheDatabase(':memory:');
    try {
      const key = randomBytes(32);
      await bulkLoadProfiles(db, key, members(0, 100));
      const { finish } = await bulkLoadProfiles(db, key, members(50, 150));
      expect(finish).toMatchObject({ into: 'shadow' });
      const byPhone = db.prepare('SELECT p.id FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE i.hash = ?').pluck();
      const hasher = createIdentifierHasher(key);
      expect([byPhone.get(hasher.hash('phone', testPhone(10))), byPhone.get(hasher.hash('phone', testPhone(149)))]).toEqual([undefined, 'crm-149']);
      // Two swaps (the first copy, then this one): back to the migrations' index names.
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE '%_alt'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('ProfileRepository after a swap', () => {
  it('upserts, erases and merges on the new tables', async () => {
    await bulkLoadProfiles(cache.db, cache.hashKey, members(0, 100));
    await bulkLoadProfiles(cache.db, cache.hashKey, members(0, 100));
    cache.profiles.upsertProfile(crmProfile('crm-1', { pointsBalance: 7 }), [phone(testPhone(1)), phone('+46709999999')]);
    expect(cache.profiles.findByIdentifier('phone', '+46709999999')).toMatchObject({ id: 'crm-1', pointsBalance: 7 });
    cache.profiles.mergeProfile('crm-2', 'crm-3');
    expect(found(2)).toBe('crm-3');
    expect(cache.profiles.eraseProfile('crm-4')).toBe(true);
    expect(found(4)).toBeUndefined();
  });
});
