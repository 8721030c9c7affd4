import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { startThrowawayCluster } from '../support/postgres/throwawayCluster';
import type { ThrowawayCluster } from '../support/postgres/throwawayCluster';
import { createTestDatabase } from '../support/postgres/testDatabase';
import { enrolDevice, seedMembers, silentLogger, testMember } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';
import { ScriptedConnector } from './support/scriptedConnector';

// A PostgreSQL server restart is a PostgreSQL matter: this test runs its own cluster, so stopping it disturbs no
// other test. (PGlite lives inside the hub process: its "restart" is the hub's, covered by exactlyOnce.test.ts.)
describe('the hub while its PostgreSQL restarts', () => {
  let cluster: ThrowawayCluster;
  let hub: Hub;
  let till: TillOnHub;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const database = await createTestDatabase(cluster.url);
    hub = await createHub({ databaseUrl: database.url, logger: silentLogger });
    await seedMembers(hub, 20);
    till = await tillOnHub(hub);
    await till.engine.syncNow();
  });
  afterAll(async () => {
    await till?.close();
    await hub?.close();
    cluster?.stop();
  });

  it('answers 503 with Retry-After while it is down, and the till delivers everything once when it is back', async () => {
    const token = await enrolDevice(hub);
    const member = testMember(4).profileId;
    const ids = Array.from({ length: 6 }, (_, i) => queueReceipt(till.cache, i % 2 === 0 ? member : null, 10_000));

    cluster.stopServer();
    try {
      const down = await fetch(`${hub.url}/sync/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('1');
      expect(await down.json()).toMatchObject({ type: 'unavailable', status: 503 });
      const status = await till.engine.syncNow();
      expect(status.pendingItems).toBe(6);
      expect(status.deadLetters).toBe(0);
    } finally {
      cluster.startServer();
    }

    let status = await till.engine.syncNow();
    for (let attempt = 0; attempt < 20 && status.pendingItems > 0; attempt++) status = await till.engine.syncNow();

    expect(status).toMatchObject({ pendingItems: 0, deadLetters: 0 });
    const held = await hub.parts.db.query<{ receipt_id: string }>('SELECT receipt_id FROM receipts ORDER BY receipt_id');
    expect(held.map((r) => r.receipt_id)).toEqual([...ids].sort());
    // 4 points before, 100 for each of the three 100.00 receipts linked to the member: credited once each.
    expect((await hub.parts.mirror.get(hub.parts.db, member))?.pointsBalance).toBe(4 + 300);
  });

  it('under sustained load from several tills: nothing lost or doubled in the ledger, and every receipt delivered to the CRM', async () => {
    const connector = new ScriptedConnector();
    const loaded = await createHub({
      databaseUrl: (await createTestDatabase(cluster.url)).url, logger: silentLogger, connector, changePoll: { intervalMs: 0 },
      delivery: { intervalMs: 20, callTimeoutMs: 1_000, concurrency: 2, retry: { baseMs: 20, maxMs: 200, maxAttempts: 1_000 } },
    });
    const tills = await Promise.all([0, 1, 2].map(() => tillOnHub(loaded)));
    try {
      const ids: string[] = [];
      // Eight rounds of two receipts per till, each round pushed at once by all three; PostgreSQL is down for two.
      for (let round = 0; round < 8; round++) {
        if (round === 3) cluster.stopServer();
        if (round === 5) cluster.startServer();
        for (const till of tills) ids.push(queueReceipt(till.cache, null, 1_000), queueReceipt(till.cache, null, 2_000));
        const statuses = await Promise.all(tills.map((till) => till.engine.syncNow()));
        for (const status of statuses) expect(status.deadLetters).toBe(0);
      }
      for (const till of tills) {
        let status = await till.engine.syncNow();
        for (let attempt = 0; attempt < 20 && status.pendingItems > 0; attempt++) status = await till.engine.syncNow();
        expect(status).toMatchObject({ pendingItems: 0, deadLetters: 0 });
      }
      const held = await loaded.parts.db.query<{ receipt_id: string }>('SELECT receipt_id FROM receipts ORDER BY receipt_id');
      expect(held.map((r) => r.receipt_id)).toEqual([...ids].sort());

      // The delivery worker rode out the outage by itself (a row whose outcome was lost with the database is claimed
      // again when its lease ends): each receipt reached the CRM, which keeps it once.
      const pendingCount = async (): Promise<number> =>
        (await loaded.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE state <> 'delivered'"))[0]?.n ?? -1;
      for (let look = 0; look < 300 && (await pendingCount()) > 0; look++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await pendingCount()).toBe(0);
      expect([...connector.receipts.keys()].sort()).toEqual([...ids].sort());
      expect(connector.overlaps).toBe(0);
    } finally {
      for (const till of tills) await till.close();
      await loaded.close();
    }
  });
});
