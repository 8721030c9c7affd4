import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openMemberCache } from '../../../sync/cache/memberCache';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { enrolTill } from '../../../sync/client/enrolTill';
import { createSyncEngine } from '../../../sync/client/syncEngine';
import type { SyncEngine, SyncEngineOptions } from '../../../sync/client/syncEngine';
import type { Hub } from '../../../hub';
import { enrolmentCode, silentLogger } from './hubUnderTest';

export interface TillOnHub {
  dataDir: string;
  cache: MemberCache;
  engine: SyncEngine;
  close(): Promise<void>;
}

/** Fast retries: tests drive cycles with syncNow and must not wait out real backoffs. */
const testEngineOptions: Partial<SyncEngineOptions> = {
  pullIntervalMs: 3_600_000,
  backoff: { baseMs: 5, maxMs: 20 },
  http: { retry: { limit: 1, backoff: { baseMs: 5, maxMs: 20 } }, timeouts: { response: 5_000, request: 30_000 } },
};

/** A real till (the till's own cache and sync engine, unchanged) enrolled at the hub. */
export async function tillOnHub(hub: Hub, options: { storeId?: string; engine?: Partial<SyncEngineOptions> } = {}): Promise<TillOnHub> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
  await enrolTill({ crmUrl: hub.url, code: await enrolmentCode(hub, options.storeId), dataDir, tillName: 'Kassa 1', logger: silentLogger });
  const cache = openMemberCache(dataDir, { logger: silentLogger });
  const engine = createSyncEngine({ db: cache.db, dataDir, logger: silentLogger, hasherKey: cache.hashKey, ...testEngineOptions, ...options.engine });
  return {
    dataDir, cache, engine,
    close: async () => {
      await engine.stop();
      cache.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
