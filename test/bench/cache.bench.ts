// Member cache: bulk load of N profiles (2 identifiers each), hashed lookups, RSS of a fresh process with the file
// open, file size, and the cost of a durable receipt. N = 1,000,000, or TILLID_BENCH_PROFILES (e.g. 5000000).
// Targets (issue 2): load ≤ 10 s at 1M; identify p99 ≤ 100 µs (the lookup here is its hash + SQLite part);
// RSS ≤ 150 MB with the 1M cache open.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkLoadProfiles } from '../../sync/cache/bulkLoadProfiles';
import { CACHE_FILE, openMemberCache } from '../../sync/cache/memberCache';
import { benchMemberEmail, benchMemberPages, benchMemberPhone, seededRandom } from './support/benchMembers';
import { percentiles } from './support/stats';

export const name = 'cache';

const LOOKUPS = 100_000;
const PROBE_LOOKUPS = 10_000;
const RECEIPTS = 500;

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
    const probe = JSON.parse(
      execFileSync(process.execPath, ['bin/run-ts.mjs', 'test/bench/support/cacheRssProbe.ts', dataDir, String(profiles), String(PROBE_LOOKUPS)], {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
        encoding: 'utf8',
      }),
    ) as { rssAfterLookupsMB: number; found: number; lookupUs: unknown };

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
      fileMB: Math.round(fileBytes / 1024 / 1024),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
