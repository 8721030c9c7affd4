import { describe, expect, it } from 'vitest';
import { BootstrapLoader } from '../../../sync/cache/bootstrapLoader';
import { bulkLoadProfiles } from '../../../sync/cache/bulkLoadProfiles';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { testEmail, testMember, testPage, testPhone } from './support/memberPages';
import { crmProfile, openTempCache, phone } from './support/tempCache';
import { freshCacheEachTest, type TempDataDir } from './support/freshCacheEachTest';
import { bootstrapChildKilledAt, bootstrapChildToEnd } from './support/runBootstrapChild';

let temp: TempDataDir;
let cache: MemberCache;

freshCacheEachTest((fresh) => ({ temp, cache } = fresh), () => cache);

function indexes(): string[] {
  return cache.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('profiles', 'identifiers') ORDER BY name`).pluck().all() as string[];
}

/** Every member 0..n-1 is there exactly once and found by both identifiers. */
function expectMembers(n: number): void {
  expect(cache.profiles.count()).toBe(n);
  expect(cache.db.prepare('SELECT count(DISTINCT id) FROM profiles').pluck().get()).toBe(n);
  expect(cache.db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(2 * n);
  for (const i of [0, 1, Math.floor(n / 2), n - 1]) {
    expect(cache.profiles.findByIdentifier('phone', testPhone(i))?.id).toBe(`crm-${i}`);
    expect(cache.profiles.findByIdentifier('email', testEmail(i))).toMatchObject({ id: `crm-${i}`, pointsBalance: i });
  }
}

describe('BootstrapLoader', () => {
  it('loads pages with their page token and ends with the indexes rebuilt', async () => {
    const before = indexes();
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    expect(loader.begin()).toEqual({ resumed: false, into: 'shadow' });
    expect(BootstrapLoader.inProgress(cache.db)).toBe(true);
    expect(indexes()).toEqual(before); // the live tables keep theirs; the shadow tables have none yet

    for (let page = 0; page < 4; page++) {
      await expect(loader.loadPage(testPage(page, 250), { 'sync.bootstrapToken': `t${page + 1}` })).resolves.toEqual({ profiles: 250, identifiers: 500 });
    }
    expect(cache.syncState.get('sync.bootstrapToken')).toBe('t4');
    await loader.finish();

    expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
    // The same indexes, under the alternate names of a swapped-in copy (SQLite cannot rename an index).
    expect(indexes()).toEqual(before.map((name) => `${name}_alt`));
    expectMembers(1000);
    // The lookup uses the hash index, not a scan.
    const plan = cache.db.prepare(`EXPLAIN QUERY PLAN SELECT p.id FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE i.hash = ?`).all(Buffer.alloc(16)) as Array<{ detail: string }>;
    expect(plan.map((r) => r.detail).join(' | ')).toMatch(/USING INDEX identifiers_hash/);
  });

  it('answers lookups mid-bootstrap by index, from the live tables (a first copy is found once it is complete)', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    loader.begin();
    await loader.loadPage(testPage(0, 100));
    expect(cache.profiles.findByIdentifier('phone', testPhone(42))).toBeUndefined();
    await loader.finish();
    expect(cache.profiles.findByIdentifier('phone', testPhone(42))?.id).toBe('crm-42');
  });

  it('commits pages in call order even when the caller does not wait between them', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    loader.begin();
    await Promise.all([0, 1, 2, 3, 4].map((page) => loader.loadPage(testPage(page, 100), { token: String(page) })));
    expect(cache.syncState.get('token')).toBe('4');
    await loader.finish();
    expect(cache.db.prepare('SELECT id FROM profiles ORDER BY pk').pluck().all()).toEqual(Array.from({ length: 500 }, (_, i) => `crm-${i}`));
  });

  it('resumes after a crash between pages: nothing lost, nothing doubled', async () => {
    const first = new BootstrapLoader(cache.db, cache.hashKey);
    first.begin();
    await first.loadPage(testPage(0, 200), { 'sync.bootstrapToken': '1' });
    await first.loadPage(testPage(1, 200), { 'sync.bootstrapToken': '2' });
    // The process dies here: no finish(), the connection simply goes away.
    await first.close();
    cache.close();

    cache = openTempCache(temp.dir);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(true);
    const second = new BootstrapLoader(cache.db, cache.hashKey);
    expect(second.begin()).toEqual({ resumed: true, into: 'shadow' });
    const next = Number(cache.syncState.get('sync.bootstrapToken'));
    expect(next).toBe(2);
    for (let page = next; page < 5; page++) await second.loadPage(testPage(page, 200), { 'sync.bootstrapToken': String(page + 1) });
    await second.finish();
    expectMembers(1000);
  });

  it('survives kill -9 of the loading process, again and again', async () => {
    const pages = 30;
    const pageSize = 400;
    cache.close();
    const run = { dir: temp.dir, pages, pageSize };
    for (let round = 0; round < 2; round++) {
      const seen = await bootstrapChildKilledAt(run, (line) => line === `committed ${round * 8 + 4}`);
      expect(seen.at(-1)).not.toBe('finished');
      if (round > 0) expect(seen[0]).toMatch(/^begun resumed=true at=([1-9]\d*) into=shadow$/);
    }
    const { seen, exitCode } = await bootstrapChildToEnd(run);
    expect(exitCode).toBe(0);
    expect(seen[0]).toMatch(/^begun resumed=true/);
    expect(seen.at(-1)).toBe('finished');

    cache = openTempCache(temp.dir);
    expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
    expectMembers(pages * pageSize);
  });

  it('throws an interrupted copy away on begin({ restart: true })', async () => {
    const first = new BootstrapLoader(cache.db, cache.hashKey);
    first.begin();
    await first.loadPage(testPage(5, 100));
    await first.close();

    const second = new BootstrapLoader(cache.db, cache.hashKey);
    expect(second.begin({ restart: true })).toEqual({ resumed: false, into: 'shadow' });
    await second.loadPage(testPage(0, 100));
    await second.finish();
    expectMembers(100);
    expect(cache.profiles.findById('crm-550')).toBeUndefined();
  });

  it('cleans up a page loaded twice (its token was not stored with it) when it finishes', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    loader.begin();
    await loader.loadPage(testPage(0, 100));
    await loader.loadPage(testPage(1, 100));
    await loader.loadPage(testPage(1, 100));
    await loader.finish();
    expectMembers(200);
  });

  it('is idempotent to finish twice, and refuses pages before begin', async () => {
    const loader = new BootstrapLoader(cache.db, cache.hashKey);
    await expect(loader.loadPage(testPage(0, 1))).rejects.toThrow(/begin\(\) must be called/);
    loader.begin();
    await loader.loadPage(testPage(0, 10));
    await loader.finish();
    await loader.finish();
    expectMembers(10);
  });

  it('replaces the CRM’s members on a new bootstrap but keeps the till’s own sign-ups, receipts and outbox', async () => {
    await bulkLoadProfiles(cache.db, cache.hashKey, [testPage(0, 100)]);
    cache.profiles.upsertProfile(crmProfile('crm-gone'), [phone('+46709999999')]);
    const signup = cache.profiles.createPendingProfile({ firstName: 'Sara', identifiers: [phone('+46761234567')], consents: [{ purpose: 'terms', granted: true }], at: 1, source: 'till:T1' });
    if (signup.status !== 'created') throw new Error('expected a sign-up');
    cache.receipts.enqueueReceipt({ receiptId: 'r-1', profileId: 'crm-gone', createdAt: 1, currency: 'SEK', totalMinor: 100, body: {} });

    // The CRM's new snapshot: members 50..149, and it also knows the signed-up phone (web shop) as crm-500.
    const shared = { ...testMember(500), identifiers: [phone('+46761234567')] };
    await bulkLoadProfiles(cache.db, cache.hashKey, [testPage(1, 50).concat(testPage(2, 50)), [shared]]);

    expect(cache.profiles.findById('crm-gone')).toBeUndefined();
    expect(cache.profiles.findById('crm-10')).toBeUndefined();
    expect(cache.profiles.findByIdentifier('phone', testPhone(120))?.id).toBe('crm-120');
    expect(cache.profiles.findById(signup.profile.id)).toMatchObject({ status: 'pending_sync', firstName: 'Sara' });
    expect(cache.profiles.findByIdentifier('phone', '+46761234567')?.id).toBe('crm-500'); // the CRM's claim wins
    expect(cache.receipts.findById('r-1')?.profileId).toBe('crm-gone');
    expect(cache.outbox.counts().pending).toBe(2);
    expect(cache.consents.listFor(signup.profile.id)).toHaveLength(1);
    expect(cache.profiles.count()).toBe(102);
  });
});

describe('bulkLoadProfiles', () => {
  it('loads an async source page by page and reports progress', async () => {
    async function* pages() {
      for (let page = 0; page < 3; page++) yield testPage(page, 100);
    }
    const progress: number[] = [];
    const result = await bulkLoadProfiles(cache.db, cache.hashKey, pages(), (p) => progress.push(p.profiles));
    expect(result).toMatchObject({ profiles: 300, identifiers: 600 });
    expect(progress).toEqual([100, 200, 300]);
    expectMembers(300);
  });

  it('leaves a resumable bootstrap behind when the source fails', async () => {
    function* pages() {
      yield testPage(0, 10);
      throw new Error('source broke');
    }
    await expect(bulkLoadProfiles(cache.db, cache.hashKey, pages())).rejects.toThrow('source broke');
    expect(BootstrapLoader.inProgress(cache.db)).toBe(true);
  });
});
