// Part of cache.bench.ts: a re-bootstrap of the same N members into a cache that holds them (a shadow load), while
// a till keeps looking members up every 2 ms. Pages arrive one event-loop turn apart, as they do from the network.
// Reports lookups that missed (a member present in both copies must always be found) and the longest time a lookup
// had to wait (the event loop was held), besides the loader's own figures (the swap among them).
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import { bulkLoadProfiles } from '../../../sync/cache/bulkLoadProfiles';
import type { BulkLoadResult } from '../../../sync/cache/bulkLoadProfiles';
import { openMemberCache } from '../../../sync/cache/memberCache';
import { benchMemberPages, benchMemberPhone, seededRandom } from './benchMembers';
import { percentiles } from './stats';

const PAGE_SIZE = 10_000; // the sync engine's bootstrap page
const TICK_MS = 2;
const LOOKUPS_PER_TICK = 5;

export async function rebootstrapUnderLookups(dataDir: string, profiles: number): Promise<Record<string, unknown>> {
  const cache = openMemberCache(dataDir);
  try {
    const random = seededRandom(99);
    let lookups = 0;
    let misses = 0;
    const waits: number[] = [];
    let last = performance.now();
    const till = setInterval(() => {
      const now = performance.now();
      waits.push(now - last);
      last = now;
      for (let k = 0; k < LOOKUPS_PER_TICK; k++) {
        lookups++;
        if (!cache.profiles.findByIdentifier('phone', benchMemberPhone(Math.floor(random() * profiles)))) misses++;
      }
    }, TICK_MS);
    async function* pagesFromTheNetwork(): AsyncGenerator<BootstrapRow[]> {
      for (const page of benchMemberPages(profiles, PAGE_SIZE)) {
        await new Promise((resolve) => setImmediate(resolve));
        yield page;
      }
    }
    let result: BulkLoadResult;
    try {
      result = await bulkLoadProfiles(cache.db, cache.hashKey, pagesFromTheNetwork());
    } finally {
      clearInterval(till);
    }
    const waited = percentiles(waits);
    return {
      seconds: result.milliseconds / 1000,
      into: result.finish.into,
      indexBuildMs: result.finish.indexMs,
      swapMs: result.finish.swapMs,
      oldCopyDeletedMs: result.finish.cleanupMs,
      longestFinishStepMs: result.finish.longestStepMs,
      lookups,
      misses,
      lookupWaitMs: { p50: waited.p50, p99: waited.p99, max: waited.max },
      target: 'no misses; the swap short',
    };
  } finally {
    cache.close();
  }
}
