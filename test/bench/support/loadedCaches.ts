// Member caches loaded once per run and size, shared by the cache and identify benches (a 5M load takes minutes):
// the first bench to ask loads it (and reports the load), later ones reuse the directory. Removed at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkLoadProfiles } from '../../../sync/cache/bulkLoadProfiles';
import type { BulkLoadResult } from '../../../sync/cache/bulkLoadProfiles';
import { openMemberCache } from '../../../sync/cache/memberCache';
import { benchMemberPages } from './benchMembers';

export interface LoadedCache {
  dataDir: string;
  profiles: number;
  load: BulkLoadResult;
}

const loaded = new Map<number, LoadedCache>();
process.once('exit', () => {
  for (const cache of loaded.values()) rmSync(cache.dataDir, { recursive: true, force: true });
});

/** A data directory holding a cache of `profiles` bench members, loaded by bulkLoadProfiles (the till's loader). */
export async function loadedCache(profiles: number): Promise<LoadedCache> {
  const known = loaded.get(profiles);
  if (known) return known;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `tillid-bench-cache-${profiles}-`));
  const cache = openMemberCache(dataDir);
  try {
    const load = await bulkLoadProfiles(cache.db, cache.hashKey, benchMemberPages(profiles));
    const result = { dataDir, profiles, load };
    loaded.set(profiles, result);
    return result;
  } finally {
    cache.close();
  }
}

/**
 * One more load of `profiles` bench members into a fresh data directory, removed after: its milliseconds. For a
 * figure that needs the same load measured again later in the run (the linear-growth check brackets the 5M load).
 */
export async function freshLoadMs(profiles: number): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `tillid-bench-cache-again-${profiles}-`));
  try {
    const cache = openMemberCache(dataDir);
    try {
      return (await bulkLoadProfiles(cache.db, cache.hashKey, benchMemberPages(profiles))).milliseconds;
    } finally {
      cache.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
