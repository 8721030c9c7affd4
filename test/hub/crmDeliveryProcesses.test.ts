import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { enrolDevice, hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';
import { ScriptedConnector } from './support/scriptedConnector';
import { receiptItem, upload } from './support/deliveryHarness';

// Several hub processes share one database only on PostgreSQL (PGlite is one process's database): two hubs in this
// process, each with its own pool and its own delivery loops, stand for two processes.
describe('two hub processes on one PostgreSQL', () => {
  let storage: HubStorage | undefined;
  const hubs: Hub[] = [];
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
    await storage?.remove();
    storage = undefined;
  });

  it('deliver each queued row once: never the same row at the same time, never twice', async () => {
    storage = await hubStorage('postgres');
    const connector = new ScriptedConnector();
    // Slow enough that the two processes' loops are always claiming while the other delivers.
    connector.latencyMs = 15;
    const options = {
      ...storage.options, logger: silentLogger, connector, changePoll: { intervalMs: 0 },
      delivery: { intervalMs: 10, callTimeoutMs: 10_000, concurrency: 3 },
    };
    const first = await createHub(options);
    hubs.push(first);
    const second = await createHub(options);
    hubs.push(second);
    const ids = Array.from({ length: 80 }, (_, i) => `R-two-${i}`);
    await Promise.all([
      upload(first, await enrolDevice(first), ids.slice(0, 40).map((id) => receiptItem(id, null))),
      upload(second, await enrolDevice(second), ids.slice(40).map((id) => receiptItem(id, null))),
    ]);

    const owed = async (): Promise<number> =>
      (await first.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE state <> 'delivered'"))[0]?.n ?? -1;
    for (let look = 0; look < 600 && (await owed()) > 0; look++) await new Promise((resolve) => setTimeout(resolve, 100));

    expect(await owed()).toBe(0);
    expect(connector.overlaps).toBe(0);
    expect(connector.calls.filter((c) => c.kind === 'receipt').map((c) => c.key).sort()).toEqual([...ids].sort());
  });
});
