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
});
