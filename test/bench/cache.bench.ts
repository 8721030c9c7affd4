// Member cache: bulk load of N profiles (2 identifiers each) beside its limit (the same rows inserted plainly, the
// indexes built after: support/plainBulkInsert.ts), hashed lookups, RSS of a fresh process with the file open (and
// lookup p99 / RSS per page cache size), file size per member, the cost of a durable receipt, and a re-bootstrap of
// the same N members under lookups (the shadow copy: no misses, a short swap; at 1M only, it is a whole second load).
// N = 1,000,000, and --members N besides (e.g. 5000000), then the load must grow linearly.
// Targets (issue 14): load ratio ≤ 1.2 to its limit; the N load ≤ 1.1 × (N / 1M) × the 1M load of the same run (the
// mean of two 1M loads, one before the N load and one after it).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { CACHE_FILE, openMemberCache } from '../../sync/cache/memberCache';
import { benchMemberEmail, benchMemberPages, benchMemberPhone, seededRandom } from './support/benchMembers';
import { benchSizes } from './support/benchOptions';
import type { BenchOptions } from './support/benchOptions';
import { withinRatio } from './support/figure';
import type { Figure } from './support/figure';
import { freshLoadMs, loadedCache } from './support/loadedCaches';
import { plainBulkInsert } from './support/plainBulkInsert';
import { rebootstrapUnderLookups } from './support/rebootstrapUnderLookups';
import { percentiles } from './support/stats';

export const name = 'cache';

const LOOKUPS = 100_000;
const PROBE_LOOKUPS = 10_000;
const RECEIPTS = 500;
const COMPARED_PAGE_CACHES_KIB = [16 * 1024, 8 * 1024];
const COMPARISON_ROUNDS = 3;
const COMPARISON_LOOKUPS = 30_000;

interface ProbeResult {
  rssAfterOpenMB: number;
  rssAfterLookupsMB: number;
  found: number;
  lookupUs: { p50: number; p99: number };
}

/** A fresh process opens the file the way the till does and looks members up (cacheRssProbe.ts). */
function rssProbe(dataDir: string, profiles: number, lookups: number, cacheSizeKiB?: number): ProbeResult {
  const args = ['bin/run-ts.mjs', 'test/bench/support/cacheRssProbe.ts', dataDir, String(profiles), String(lookups)];
  if (cacheSizeKiB !== undefined) args.push(String(cacheSizeKiB));
  return JSON.parse(execFileSync(process.execPath, args, { cwd: path.resolve(import.meta.dirname, '..', '..'), encoding: 'utf8' })) as ProbeResult;
}

/** Lookup p99 and RSS per SQLite page cache size: medians of alternating fresh processes (the machine is shared). */
function comparePageCaches(dataDir: string, profiles: number): Record<string, unknown> {
  const runs = new Map<number, ProbeResult[]>(COMPARED_PAGE_CACHES_KIB.map((kib) => [kib, []]));
  for (let round = 0; round < COMPARISON_ROUNDS; round++) {
    for (const kib of COMPARED_PAGE_CACHES_KIB) runs.get(kib)!.push(rssProbe(dataDir, profiles, COMPARISON_LOOKUPS, kib));
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return Object.fromEntries(
    [...runs].map(([kib, results]) => [
      `${kib / 1024}MiB`,
      {
        lookupP50Us: median(results.map((r) => r.lookupUs.p50)),
        lookupP99Us: median(results.map((r) => r.lookupUs.p99)),
        rssAfterLookupsMB: median(results.map((r) => r.rssAfterLookupsMB)),
        rssGrowthMB: median(results.map((r) => Math.round((r.rssAfterLookupsMB - r.rssAfterOpenMB) * 10) / 10)),
      },
    ]),
  );
}

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const sizes = benchSizes(options);
  const bySize: Record<string, Record<string, unknown>> = {};
  const loadSeconds = new Map<number, number>();
  for (const [i, profiles] of sizes.entries()) {
    process.stderr.write(`  cache at ${profiles.toLocaleString('en')} profiles\n`);
    const measured = await measureAt(profiles, i === 0);
    loadSeconds.set(profiles, (measured.load as Figure).value);
    bySize[String(profiles)] = measured;
  }
  const report: Record<string, unknown> = { sizes: bySize };
  const [small, large] = sizes;
  if (small !== undefined && large !== undefined) {
    // Linear growth: the large load against the small one scaled up by the number of members. The small load is
    // measured again after the large one, and the two are averaged: the machine's pace drifts over the minutes
    // between them, and one small load caught in a quiet (or busy) moment would move the figure by itself.
    process.stderr.write(`  cache at ${small.toLocaleString('en')} profiles again, after the larger load\n`);
    const smallAgain = (await freshLoadMs(small)) / 1000;
    const smallMean = (loadSeconds.get(small)! + smallAgain) / 2;
    const scale = large / small;
    report.scaling = {
      loadLinear: {
        ...withinRatio(loadSeconds.get(large)!, scale * smallMean, 1.1, 's'),
        limitIs: `${scale} × the ${small.toLocaleString('en')} load (the mean of one before and one after the larger load)`,
        smallLoadsS: [loadSeconds.get(small)!, Math.round(smallAgain * 1000) / 1000],
      },
    };
  }
  return report;
}

async function measureAt(profiles: number, withExtras: boolean): Promise<Record<string, unknown>> {
  // The limit first, then the till's loader (each on a fresh file; the till's copy is kept for the identify bench).
  const plain = await plainBulkInsert(randomBytes(32), benchMemberPages(profiles));
  const { dataDir, load } = await loadedCache(profiles);
  const loadSeconds = load.milliseconds / 1000;

  const cache = openMemberCache(dataDir);
  const random = seededRandom(42);
  const samples: number[] = [];
  let found = 0;
  for (let n = 0; n < LOOKUPS; n++) {
    const i = Math.floor(random() * profiles);
    const started = performance.now();
    const profile =
      n % 2 === 0 ? cache.profiles.findByIdentifier('phone', benchMemberPhone(i)) : cache.profiles.findByIdentifier('email', benchMemberEmail(i));
    samples.push((performance.now() - started) * 1000);
    if (profile) found++;
  }
  const missSamples: number[] = [];
  for (let n = 0; n < 10_000; n++) {
    const started = performance.now();
    cache.profiles.findByIdentifier('phone', `+4670${String(9_000_000 + n)}x`);
    missSamples.push((performance.now() - started) * 1000);
  }

  const countStarted = performance.now();
  const counted = cache.profiles.count();
  const countMs = performance.now() - countStarted;

  const receiptSamples: number[] = [];
  for (let n = 0; n < RECEIPTS; n++) {
    const started = performance.now();
    cache.receipts.enqueueReceipt({
      receiptId: `bench-${profiles}-${n}`,
      profileId: `m${String(n).padStart(9, '0')}`,
      createdAt: Date.now(),
      currency: 'SEK',
      totalMinor: 12_900,
      body: { lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPriceMinor: 12_900, amountMinor: 12_900 }], payments: [{ method: 'card', amountMinor: 12_900 }] },
    });
    receiptSamples.push((performance.now() - started) * 1000);
  }
  cache.close();

  const fileBytes = statSync(path.join(dataDir, CACHE_FILE)).size;
  const probe = rssProbe(dataDir, profiles, PROBE_LOOKUPS);
  const extras = withExtras ? { pageCache: comparePageCaches(dataDir, profiles), rebootstrap: await rebootstrapUnderLookups(dataDir, profiles) } : {};

  return {
    profiles,
    identifiers: load.identifiers,
    load: {
      ...withinRatio(loadSeconds, plain.milliseconds / 1000, 1.2, 's'),
      limitIs: 'the same rows inserted plainly (prepared single-row INSERTs, hashed on another thread), the same indexes built after',
      profilesPerSecond: Math.round(profiles / loadSeconds),
      finishMs: { index: load.finish.indexMs, longestStep: load.finish.longestStepMs },
      limitMs: { insert: plain.insertMs, index: plain.indexMs },
    },
    lookup: { us: percentiles(samples), found, of: LOOKUPS, note: 'hash + SQLite; identify against its limit is in the identify bench' },
    lookupMiss: { us: percentiles(missSamples) },
    count: { profiles: counted, ms: Math.round(countMs * 10) / 10 },
    receiptEnqueueDurable: { us: percentiles(receiptSamples) },
    freshProcess: probe,
    ...extras,
    fileMB: Math.round(fileBytes / 1024 / 1024),
    fileBytesPerMember: Math.round(fileBytes / profiles),
  };
}
