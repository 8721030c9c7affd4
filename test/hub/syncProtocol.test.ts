import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { UploadResponseSchema } from '../../sync/protocol';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { enrolDevice, HUB_ENGINES, seedMembers, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';
import { writeTransaction } from '../../hub/db/sql';

const MEMBERS = 1_200;

describe.each(HUB_ENGINES)('a till syncing with the hub on %s', (engine) => {
  let under: HubUnderTest;
  let till: TillOnHub;

  beforeAll(async () => {
    under = await startHub(engine);
    await seedMembers(under.hub, MEMBERS);
    till = await tillOnHub(under.hub, { engine: { bootstrapPageSize: 500 } });
  });
  afterAll(async () => {
    await till?.close();
    await under?.close();
  });

  it('bootstraps every member in pages and finds each by its identifiers', async () => {
    const status = await till.engine.syncNow();
    expect(status).toMatchObject({ online: true, deadLetters: 0 });
    expect(till.cache.db.prepare('SELECT count(*) FROM profiles').pluck().get()).toBe(MEMBERS);
    for (const i of [0, 499, 500, MEMBERS - 1]) {
      const m = testMember(i);
      expect(till.cache.profiles.findByIdentifier('phone', m.phone)?.id).toBe(m.profileId);
      expect(till.cache.profiles.findByIdentifier('card', m.card)?.id).toBe(m.profileId);
      expect(till.cache.profiles.findById(m.profileId)).toMatchObject({ firstName: m.firstName, pointsBalance: i, tier: 'member' });
    }
  });

  it('gets a change made at the hub as a delta, and an identifier that moved leaves its old profile', async () => {
    const { db, mirror } = under.hub.parts;
    const a = testMember(3);
    const b = testMember(4);
    await writeTransaction(db, (tx) => mirror.upsert(tx, {
      profileId: a.profileId, firstName: a.firstName, lastName: null, displayName: null, tier: 'gold', pointsBalance: 900, pointsAsOf: Date.now(),
      identifiers: [['phone', a.phone], ['email', b.email]],
    }, Date.now()));

    await till.engine.syncNow();

    expect(till.cache.profiles.findById(a.profileId)).toMatchObject({ tier: 'gold', pointsBalance: 900 });
    expect(till.cache.profiles.findByIdentifier('email', b.email)?.id).toBe(a.profileId);
    expect(till.cache.profiles.findByIdentifier('email', a.email)).toBeFalsy();
    expect(till.cache.profiles.findByIdentifier('phone', b.phone)?.id).toBe(b.profileId);
  });

  it('delivers receipts once, credits the member, and answers a retried batch as duplicates', async () => {
    const m = testMember(10);
    const ids = [queueReceipt(till.cache, m.profileId, 25_000), queueReceipt(till.cache, null, 1_000)];

    const status = await till.engine.syncNow();
    expect(status).toMatchObject({ pendingItems: 0, deadLetters: 0 });

    const { db } = under.hub.parts;
    const held = await db.query<{ receipt_id: string; profile_id: string | null }>('SELECT receipt_id, profile_id FROM receipts ORDER BY receipt_id');
    expect(held.map((r) => r.receipt_id).sort()).toEqual([...ids].sort());
    expect(held.find((r) => r.receipt_id === ids[0])?.profile_id).toBe(m.profileId);
    // 10 points before, 250 for a 250.00 receipt; the till hears of it through the feed.
    await till.engine.syncNow();
    expect(till.cache.profiles.findById(m.profileId)?.pointsBalance).toBe(260);

    const [sent] = await db.query<{ idempotency_key: string }>('SELECT idempotency_key FROM upload_ledger LIMIT 1');
    const token = await enrolDevice(under.hub);
    const again = await fetch(`${under.hub.url}/sync/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ idempotencyKey: sent?.idempotency_key, kind: 'receipt', payload: { receiptId: ids[0] } }] }),
    });
    expect(UploadResponseSchema.parse(await again.json()).results[0]?.status).toBe('duplicate');
    expect((await db.query('SELECT receipt_id FROM receipts')).length).toBe(2);
  });

  it('maps a sign-up to a new profile, and a second sign-up with the same phone to that same profile', async () => {
    const token = await enrolDevice(under.hub);
    const signup = (provisionalId: string, phone: string) => ({
      idempotencyKey: uuidv7(), kind: 'signup',
      payload: { provisionalId, firstName: 'Ny', identifiers: [{ kind: 'phone', value: phone }], createdAt: new Date().toISOString(), tillId: 'till-x' },
    });
    const post = async (items: unknown[]) => UploadResponseSchema.parse(await (await fetch(`${under.hub.url}/sync/v1/upload`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }),
    })).json()).results;

    const [first] = await post([signup('prov-1', '+46709990001')]);
    const [second] = await post([signup('prov-2', '+46709990001')]);

    expect(first).toMatchObject({ status: 'accepted', mapping: { provisionalId: 'prov-1', profileId: expect.stringMatching(/^P\d{8}$/) } });
    expect(second?.mapping?.profileId).toBe(first?.mapping?.profileId);
    await till.engine.syncNow();
    expect(till.cache.profiles.findByIdentifier('phone', '+46709990001')?.id).toBe(first?.mapping?.profileId);
  });
});
