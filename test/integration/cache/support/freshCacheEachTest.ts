import { afterEach, beforeEach } from 'vitest';
import type { MemberCache } from '../../../../sync/cache/memberCache';
import { openTempCache, tempDataDir } from './tempCache';

export type TempDataDir = ReturnType<typeof tempDataDir>;

export interface FreshCache {
  temp: TempDataDir;
  cache: MemberCache;
}

/**
 * Before each test of the file: a new data directory with a cache open in it, handed to `opened`. After it: the
 * cache `current` returns is closed (a test may have reopened it) and the directory removed.
 */
export function freshCacheEachTest(opened: (fresh: FreshCache) => void, current: () => MemberCache): void {
  let temp: TempDataDir | undefined;
  beforeEach(() => {
    temp = tempDataDir();
    opened({ temp, cache: openTempCache(temp.dir) });
  });
  afterEach(() => {
    current().close();
    temp?.cleanup();
  });
}
