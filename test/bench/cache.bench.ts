// Member cache: bulk load of N profiles (2 identifiers each), hashed lookups, RSS of a fresh process with the file
// open (and lookup p99 / RSS per page cache size), file size, the cost of a durable receipt, and a re-bootstrap of
// the same N members under lookups (the shadow copy: no misses, a short swap). N = 1,000,000, or
// TILLID_BENCH_PROFILES (e.g. 5000000). Targets (issue 2): load ≤ 10 s at 1M; identify p99 ≤ 100 µs (the lookup here
// is its hash + SQLite part); RSS ≤ 150 MB with the 1M cache open.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkLoadProfiles } from '../../sync/cache/bulkLoadProfiles';
import { CACHE_FILE, openMemberCache } from '../../sync/cache/memberCache';
import { benchMemberEmail, benchMemberPages, benchMemberPhone, seededRandom } from './support/benchMembers';
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

export async function run(): Promise<Record<string, unknown>> {
  const profiles = Number(process.env.TILLID_BENCH_PROFILES ?? 1_000_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-cache-bench-'));
  try {
    const cache = openMemberCache(dataDir);
    const load = await bulkLoadProfiles(cache.db, cache.hashKey, benchMemberPages(profiles));
    const loadSeconds = load.milliseconds / 1000;

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
        receiptId: `bench-${n}`,
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
    const pageCache = comparePageCaches(dataDir, profiles);
    const rebootstrap = await rebootstrapUnderLookups(dataDir, profiles);

    const lookupUs = percentiles(samples);
    return {
      profiles,
      identifiers: load.identifiers,
      load: {
        seconds: loadSeconds,
        profilesPerSecond: Math.round(profiles / loadSeconds),
        identifiersPerSecond: Math.round(load.identifiers / loadSeconds),
        target: profiles === 1_000_000 ? '≤ 10 s' : undefined,
      },
      lookup: { us: lookupUs, found, of: LOOKUPS, target: 'p99 ≤ 100 µs (identify, in-process)' },
      lookupMiss: { us: percentiles(missSamples) },
      count: { profiles: counted, ms: Math.round(countMs * 10) / 10 },
      receiptEnqueueDurable: { us: percentiles(receiptSamples) },
      freshProcess: { ...probe, target: 'RSS ≤ 150 MB with the 1M cache open' },
      pageCache,
      rebootstrap,
      fileMB: Math.round(fileBytes / 1024 / 1024),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
