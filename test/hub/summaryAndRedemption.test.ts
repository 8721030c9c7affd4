import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createFileCredentialStore } from '../../sync/client/credentialStore';
import { createCrmSessionKeeper } from '../../sync/client/crmSession';
import type { CrmSessionKeeper } from '../../sync/client/crmSession';
import { createTillProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import type { ProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import { redeemPointsAtCrm } from '../../sync/client/redeemClient';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { HUB_ENGINES, seedMembers, silentLogger, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';

const timeouts = { timeouts: { response: 10_000, request: 20_000 } };

describe.each(HUB_ENGINES)('profile summaries and points redemption on the hub on %s, with the till own clients', (engine) => {
  let under: HubUnderTest;
  let till: TillOnHub;
  let summaries: ProfileSummaryClient;
  let keeper: CrmSessionKeeper;

  beforeAll(async () => {
    under = await startHub(engine, { defaultStore: { storeId: 'sthlm-01', name: 'Stockholm City' } });
    await seedMembers(under.hub, 10);
    till = await tillOnHub(under.hub);
    await till.engine.syncNow();
    summaries = createTillProfileSummaryClient({ dataDir: till.dataDir, logger: silentLogger, http: timeouts });
    keeper = createCrmSessionKeeper({ dataDir: till.dataDir, credentialStore: createFileCredentialStore(till.dataDir), logger: silentLogger, http: timeouts });
  });
  afterAll(async () => {
    summaries?.close();
    keeper?.close();
    await till?.close();
    await under?.close();
  });

  const admin = (path: string, body: unknown) =>
    fetch(`${under.hub.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('summarises offers and purchases from every channel, newest first, a till receipt with its store name', async () => {
    const m = testMember(1);
    expect((await admin(`/admin/profiles/${m.profileId}/offers`, { title: '20 % på kaffe' })).status).toBe(201);
    expect((await admin(`/admin/profiles/${m.profileId}/offers`, { title: 'Gick ut', validUntil: '2020-01-01T00:00:00Z' })).status).toBe(201);
    expect((await admin(`/admin/profiles/${m.profileId}/purchases`, { channel: 'web', total: 499, currency: 'SEK', itemCount: 2, at: '2020-05-01T12:00:00Z' })).status).toBe(201);
    const receiptId = queueReceipt(till.cache, m.profileId, 12_990);
    await till.engine.syncNow();

    const fetched = await summaries.fetch(m.profileId);

    expect(fetched.outcome).toBe('summary');
    if (fetched.outcome !== 'summary') return;
    expect(fetched.summary.profileId).toBe(m.profileId);
    expect(fetched.summary.offers.map((o) => o.title)).toEqual(['20 % på kaffe']);
    expect(fetched.summary.recentPurchases).toEqual([
      expect.objectContaining({ channel: 'store', receiptId, storeName: 'Stockholm City', total: 129.9, itemCount: 1 }),
      expect.objectContaining({ channel: 'web', total: 499, itemCount: 2 }),
    ]);
  });

  it('answers an unknown profile as unknown, and an offer for one is 404', async () => {
    expect(await summaries.fetch('C-nobody')).toEqual({ outcome: 'unknown_profile' });
    expect((await admin('/admin/profiles/C-nobody/offers', { title: 'x' })).status).toBe(404);
  });

  it('spends points once per key, refuses more than the balance, and the new balance reaches the till', async () => {
    const m = testMember(7);
    const http = async () => (await keeper.current()).http;
    const request = { idempotencyKey: uuidv7(), profileId: m.profileId, points: 5 };

    const first = await redeemPointsAtCrm(http, request);
    const again = await redeemPointsAtCrm(http, request);
    const tooMuch = await redeemPointsAtCrm(http, { idempotencyKey: uuidv7(), profileId: m.profileId, points: 3 });
    const nobody = await redeemPointsAtCrm(http, { idempotencyKey: uuidv7(), profileId: 'C-nobody', points: 1 });

    expect(first).toMatchObject({ outcome: 'redeemed', redemption: { profileId: m.profileId, points: 5, pointsBalance: 2 } });
    expect(again).toEqual(first);
    expect(tooMuch).toEqual({ outcome: 'insufficient_points' });
    expect(nobody).toEqual({ outcome: 'unknown_profile' });
    await till.engine.syncNow();
    expect(till.cache.profiles.findById(m.profileId)?.pointsBalance).toBe(2);
  });

  it('refuses a key reused for another redemption, spending nothing', async () => {
    const m = testMember(9);
    const key = uuidv7();
    const token = (await keeper.current()).http;
    const first = await redeemPointsAtCrm(async () => token, { idempotencyKey: key, profileId: m.profileId, points: 1 });
    const reused = await redeemPointsAtCrm(async () => token, { idempotencyKey: key, profileId: m.profileId, points: 2 });
    expect(first.outcome).toBe('redeemed');
    expect(reused).toMatchObject({ outcome: 'refused', status: 400 });
    expect((await under.hub.parts.mirror.get(under.hub.parts.db, m.profileId))?.pointsBalance).toBe(8);
  });
});
