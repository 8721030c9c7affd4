import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { UploadResponseSchema } from '../../sync/protocol';
import type { UploadItemEnvelope } from '../../sync/protocol';
import { enrolDevice, HUB_ENGINES, hubStorage, seedMembers, silentLogger, testMember } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';

function receipts(profileId: string | null, count: number): UploadItemEnvelope[] {
  return Array.from({ length: count }, (_, i) => ({
    idempotencyKey: uuidv7(),
    kind: 'receipt',
    payload: {
      receiptId: `R-once-${i}-${uuidv7()}`, profileId, createdAt: '2026-11-30T10:00:00+01:00', currency: 'SEK', total: 100,
      lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 100, amount: 100 }], payments: [{ method: 'card', amount: 100 }], tillId: 'till-1',
    },
  }));
}

async function upload(hub: Hub, token: string, items: UploadItemEnvelope[]) {
  const response = await fetch(`${hub.url}/sync/v1/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }),
  });
  expect(response.status).toBe(200);
  return UploadResponseSchema.parse(await response.json()).results;
}

async function pointsOf(hub: Hub, profileId: string): Promise<number | undefined> {
  return (await hub.parts.mirror.get(hub.parts.db, profileId))?.pointsBalance;
}

describe.each(HUB_ENGINES)('the upload ledger on %s counts each item once', (engine) => {
  let storage: HubStorage | undefined;
  const hubs: Hub[] = [];
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
    await storage?.remove();
    storage = undefined;
  });
  const start = async (): Promise<Hub> => {
    storage ??= await hubStorage(engine);
    const hub = await createHub({ ...storage.options, logger: silentLogger });
    hubs.push(hub);
    return hub;
  };

  it('an upload applied by a hub that dies before answering, retried at another hub process, is a duplicate', async () => {
    const first = await start();
    await seedMembers(first, 5);
    const member = testMember(2).profileId;
    const token = await enrolDevice(first);
    const batch = receipts(member, 10);
    // Applied and committed, then the process goes away without a word to the till.
    await first.parts.uploads.process(batch, 'till-1', Date.now());
    // PGlite is one process's database: the other process is the same data directory opened again.
    if (engine === 'pglite') await hubs.splice(0)[0]?.close();
    const second = await start();

    const results = await upload(second, token, batch);

    expect(results.map((r) => r.status)).toEqual(batch.map(() => 'duplicate'));
    expect((await second.parts.db.query('SELECT receipt_id FROM receipts')).length).toBe(10);
    expect(await pointsOf(second, member)).toBe(2 + 10 * 100);
  });

  it('the same batch sent to two hub processes at once is accepted by one and a duplicate at the other', async () => {
    const a = await start();
    const b = engine === 'postgres' ? await start() : a;
    await seedMembers(a, 5);
    const member = testMember(3).profileId;
    const token = await enrolDevice(a);
    const batch = receipts(member, 30);

    const [atA, atB] = await Promise.all([upload(a, token, batch), upload(b, token, batch)]);

    for (let i = 0; i < batch.length; i++) {
      expect([atA[i]?.status, atB[i]?.status].sort()).toEqual(['accepted', 'duplicate']);
    }
    expect((await a.parts.db.query('SELECT receipt_id FROM receipts')).length).toBe(30);
    expect((await a.parts.db.query('SELECT idempotency_key FROM upload_ledger')).length).toBe(30);
    expect(await pointsOf(a, member)).toBe(3 + 30 * 100);
  });

  it('anonymous receipts (no write lock) sent to two hub processes at once: each key answered first by one, each receipt kept once', async () => {
    const a = await start();
    const b = engine === 'postgres' ? await start() : a;
    const token = await enrolDevice(a);
    const batch = receipts(null, 40);

    const answers = await Promise.all([upload(a, token, batch), upload(b, token, batch), upload(a, token, [...batch].reverse())]);

    for (const item of batch) {
      const statuses = answers.map((results) => results.find((r) => r.idempotencyKey === item.idempotencyKey)?.status).sort();
      expect(statuses).toEqual(['accepted', 'duplicate', 'duplicate']);
    }
    expect((await a.parts.db.query('SELECT receipt_id FROM receipts')).length).toBe(40);
    expect((await a.parts.db.query("SELECT idempotency_key FROM upload_ledger WHERE result_json LIKE '%accepted%'")).length).toBe(40);
  });
});
