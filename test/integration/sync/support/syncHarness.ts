import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openMemberCache } from '../../../../sync/cache/memberCache';
import type { MemberCache } from '../../../../sync/cache/memberCache';
import { createSyncEngine } from '../../../../sync/client/syncEngine';
import type { SyncEngine, SyncEngineOptions } from '../../../../sync/client/syncEngine';
import { enrolTill } from '../../../../sync/client/enrolTill';
import { startTestHub } from '../../../support/testHub';
import type { TestHub } from '../../../support/testHub';
import type { CrmAdmin } from './crmAdmin';
import { crmAdmin } from './crmAdmin';

export const silentLogger = pino({ enabled: false });

/** The hub with the demo connector (where the emulated CRM was), and its admin API. */
export interface CrmUnderTest {
  crm: TestHub;
  admin: CrmAdmin;
  close(): Promise<void>;
}

export async function startCrm(options: { members: number; changeRetention?: number; seed?: number }): Promise<CrmUnderTest> {
  const crm = await startTestHub({ members: options.members, seed: options.seed ?? 7, ...(options.changeRetention ? { changeRetention: options.changeRetention } : {}) });
  return { crm, admin: crmAdmin(crm), close: () => crm.close() };
}

export interface TillUnderTest {
  dataDir: string;
  cache: MemberCache;
  engine: SyncEngine;
  /** Closes the engine and the cache, keeping the data directory (a restart reopens it). */
  shutdown(): Promise<void>;
  close(): Promise<void>;
}

/** Fast retries: tests drive cycles with syncNow and must not wait out real backoffs. */
export const testEngineOptions: Partial<SyncEngineOptions> = {
  pullIntervalMs: 3_600_000,
  backoff: { baseMs: 5, maxMs: 20 },
  http: { retry: { limit: 1, backoff: { baseMs: 5, maxMs: 20 } }, timeouts: { response: 2_000, request: 30_000 } },
};

export async function enrolledTillDir(under: CrmUnderTest): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
  await enrolTill({ crmUrl: under.crm.url, code: await under.admin.enrolmentCode(), dataDir, tillName: 'Kassa 1', logger: silentLogger });
  return dataDir;
}

export function openTill(dataDir: string, engineOptions: Partial<SyncEngineOptions> = {}): TillUnderTest {
  const cache = openMemberCache(dataDir, { logger: silentLogger });
  const engine = createSyncEngine({ db: cache.db, dataDir, logger: silentLogger, hasherKey: cache.hashKey, ...testEngineOptions, ...engineOptions });
  const shutdown = async (): Promise<void> => {
    await engine.stop();
    cache.close();
  };
  return {
    dataDir,
    cache,
    engine,
    shutdown,
    close: async () => {
      await shutdown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs cycles until `done` holds or `attempts` run out (faults make single cycles fail). */
export async function syncUntil(engine: SyncEngine, done: () => boolean | Promise<boolean>, attempts = 60): Promise<number> {
  for (let i = 1; i <= attempts; i += 1) {
    await engine.syncNow();
    if (await done()) return i;
  }
  throw new Error(`not done after ${attempts} sync cycles: ${JSON.stringify(engine.status())}`);
}

let receiptSeq = 0;

/** Queues a receipt the way the POS API does (durably, with its outbox item). */
export function queueReceipt(cache: MemberCache, profileId: string | null, totalMinor = 12_990): string {
  receiptSeq += 1;
  const receiptId = `R-${process.pid}-${Date.now()}-${receiptSeq}`;
  cache.receipts.enqueueReceipt({
    receiptId,
    profileId,
    createdAt: Date.parse('2025-03-01T10:00:00Z') + receiptSeq,
    currency: 'SEK',
    totalMinor,
    body: {
      lines: [{ sku: '7310865004703', description: 'Kaffe 500 g', quantity: 1, unitPrice: totalMinor / 100, amount: totalMinor / 100 }],
      payments: [{ method: 'card', amount: totalMinor / 100 }],
    },
  });
  return receiptId;
}
