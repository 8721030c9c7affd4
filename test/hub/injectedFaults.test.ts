import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { HUB_ENGINES, seedMembers, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';

describe.each(HUB_ENGINES)('injected faults at the hub on %s (POST /admin/faults)', (engine) => {
  let under: HubUnderTest;
  let till: TillOnHub;

  beforeAll(async () => {
    under = await startHub(engine, { faultSeed: 11 });
    await seedMembers(under.hub, 30);
    till = await tillOnHub(under.hub, { engine: { uploadBatchSize: 4 } });
    await till.engine.syncNow();
  });
  afterAll(async () => {
    await till?.close();
    await under?.close();
  });

  const faults = async (settings: unknown) => {
    const response = await fetch(`${under.hub.url}/admin/faults`, {
      method: 'POST', headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(settings),
    });
    expect(response.status).toBe(200);
  };

  it('refuses settings out of range, naming the field', async () => {
    const response = await fetch(`${under.hub.url}/admin/faults`, {
      method: 'POST', headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 2 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'bad_request', errors: [{ path: 'errorRate' }] });
  });

  it('answers lost after commit, garbled and 503: the till retries, and every receipt is kept once, credited once', async () => {
    const member = testMember(8).profileId;
    const ids = Array.from({ length: 24 }, () => queueReceipt(till.cache, member, 1_000));
    await faults({ commitThenFailRate: 0.4, malformedRate: 0.2, errorRate: 0.2, routes: ['upload'] });
    let cycles = 0;
    try {
      for (; cycles < 40 && till.engine.status().pendingItems > 0; cycles++) await till.engine.syncNow();
    } finally {
      await faults({});
    }
    for (let cycle = 0; cycle < 5 && till.engine.status().pendingItems > 0; cycle++) await till.engine.syncNow();

    expect(till.engine.status()).toMatchObject({ pendingItems: 0, deadLetters: 0 });
    // The faults did fire: without them one cycle delivers every batch.
    expect(cycles).toBeGreaterThan(1);
    const { db, mirror } = under.hub.parts;
    const held = await db.query<{ receipt_id: string }>('SELECT receipt_id FROM receipts ORDER BY receipt_id');
    expect(held.map((r) => r.receipt_id)).toEqual([...ids].sort());
    expect((await mirror.get(db, member))?.pointsBalance).toBe(8 + 24 * 10);
  });
});
