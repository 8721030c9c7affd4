import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoMember } from '../../hub/connectors/demo/demoMembers';
import { openPostgresDatabase } from '../../hub/db/postgresDatabase';
import { openPgliteDatabase } from '../../hub/db/pgliteDatabase';
import type { HubDatabase } from '../../hub/db/sql';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { HUB_ENGINES, hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';
import { freePort, killNine, startDemoHubProcess } from './support/hubChildProcess';
import { openMemberCache } from '../../sync/cache/memberCache';
import { enrolTill } from '../../sync/client/enrolTill';
import { createSyncEngine } from '../../sync/client/syncEngine';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';

const ADMIN = 'admin-token-for-the-kill-nine-test';

async function startHubProcess(args: string[]): Promise<ChildProcessWithoutNullStreams> {
  return (await startDemoHubProcess(ADMIN, args)).child;
}


describe.each(HUB_ENGINES)('a hub on %s killed with SIGKILL while a till pushes', (engine) => {
  let storage: HubStorage | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(async () => {
    if (child) await killNine(child);
    await storage?.remove();
    storage = undefined;
  });

  it('loses and doubles nothing: after a restart every receipt is in the ledger once', async () => {
    storage = await hubStorage(engine);
    const port = await freePort();
    const args = ['--port', String(port), ...(storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string])];
    child = await startHubProcess(args);
    const url = `http://127.0.0.1:${port}`;
    const code = ((await (await fetch(`${url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { code: string }).code;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
    await enrolTill({ crmUrl: url, code, dataDir, tillName: 'Kassa 1', logger: silentLogger });
    const cache = openMemberCache(dataDir, { logger: silentLogger });
    const engineOptions = { pullIntervalMs: 3_600_000, uploadBatchSize: 5, backoff: { baseMs: 5, maxMs: 20 }, http: { retry: { limit: 0, backoff: { baseMs: 5, maxMs: 20 } }, timeouts: { response: 5_000, request: 10_000 } } };
    const sync = createSyncEngine({ db: cache.db, dataDir, logger: silentLogger, hasherKey: cache.hashKey, ...engineOptions });
    try {
      await sync.syncNow();
      const ids = Array.from({ length: 40 }, () => queueReceipt(cache, 'P00000002', 5_000));
      // Kill the hub while batches are in flight: some committed and answered, some committed and never answered.
      const pushing = sync.syncNow();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await killNine(child);
      await pushing;

      child = await startHubProcess(args);
      for (let attempt = 0; attempt < 30 && sync.status().pendingItems > 0; attempt++) await sync.syncNow();
      expect(sync.status()).toMatchObject({ pendingItems: 0, deadLetters: 0 });
      await killNine(child);
      child = undefined;

      const db: HubDatabase = storage.options.databaseUrl !== undefined ? await openPostgresDatabase(storage.options.databaseUrl) : await openPgliteDatabase(path.join(storage.options.dataDir as string, 'pglite'));
      try {
        const held = await db.query<{ receipt_id: string }>('SELECT receipt_id FROM receipts ORDER BY receipt_id');
        expect(held.map((r) => r.receipt_id)).toEqual([...ids].sort());
        const [row] = await db.query<{ row_json: string }>("SELECT row_json FROM profiles WHERE profile_id = 'P00000002'");
        const points = (JSON.parse(row?.row_json ?? '[]') as unknown[])[4];
        expect(points).toBe(demoMember(1, 1).points + 40 * 50);
      } finally {
        await db.close();
      }
    } finally {
      await sync.stop();
      cache.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
