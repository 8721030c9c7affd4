import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { startTill } from '../../../main/compose/startTill';
import type { RunningTill } from '../../../main/compose/startTill';
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

export interface StartedTillOnHub {
  till: RunningTill;
  close(): Promise<void>;
}

/**
 * The whole till (startTill, as `tillid start` builds it: POS API, identify, sync) enrolled at the hub and synced once.
 * It pulls only when told to, and waits for the hub's member lookup up to `lookupBudgetMs`.
 */
export async function startedTillOnHub(hub: Hub, options: { lookupBudgetMs: number; logger: Logger }): Promise<StartedTillOnHub> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  let till: RunningTill | undefined;
  try {
    await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ sync: { pullIntervalSeconds: 3600, lookupBudgetMs: options.lookupBudgetMs } }));
    till = await startTill({ dataDir, logger: options.logger, port: 0, crmUrl: hub.url, enrolCode: await enrolmentCode(hub) });
    await till.sync.syncNow();
  } catch (error) {
    await till?.close();
    await removeDir();
    throw error;
  }
  const started = till;
  return {
    till: started,
    close: async () => {
      await started.close();
      await removeDir();
    },
  };
}
