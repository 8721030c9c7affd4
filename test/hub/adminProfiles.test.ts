import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { HUB_ENGINES, seedMembers, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';

describe.each(HUB_ENGINES)('the admin profile API of the hub on %s, as a till sees it', (engine) => {
  let under: HubUnderTest;
  let till: TillOnHub;

  beforeAll(async () => {
    under = await startHub(engine);
    await seedMembers(under.hub, 10);
    till = await tillOnHub(under.hub);
    await till.engine.syncNow();
  });
  afterAll(async () => {
    await till?.close();
    await under?.close();
  });

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${under.hub.url}${path}`, {
      method, headers: { authorization: `Bearer ${under.hub.adminToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: response.status === 204 ? null : ((await response.json()) as any) };
  };

  it('creates a member from a phone as typed, refuses a second with the same phone, and the till gets the first', async () => {
    const created = await admin('POST', '/admin/profiles', { firstName: 'Greta', lastName: 'Garbo', phone: '070-555 12 34', points: 50 });
    expect(created).toMatchObject({ status: 201, json: { id: expect.stringMatching(/^P\d{8}$/) } });
    expect(await admin('POST', '/admin/profiles', { firstName: 'Other', phone: '+46705551234' })).toMatchObject({ status: 409, json: { type: 'identifier_taken', kind: 'phone' } });
    expect(await admin('POST', '/admin/profiles', { firstName: 'Bad', phone: '12' })).toMatchObject({ status: 400, json: { errors: [{ path: 'phone' }] } });

    await till.engine.syncNow();

    expect(till.cache.profiles.findByIdentifier('phone', '+46705551234')).toMatchObject({ id: created.json.id, displayName: 'Greta G.', pointsBalance: 50 });
    expect((await admin('GET', `/admin/profiles/${created.json.id}`)).json).toMatchObject({ lastName: 'Garbo', profile: { firstName: 'Greta' }, receipts: [] });
  });

  it('changes points and tier, and the till follows', async () => {
    const m = testMember(2);
    expect((await admin('PATCH', `/admin/profiles/${m.profileId}`, { points: 777, tier: 'gold' })).json.profile).toMatchObject({ pointsBalance: 777, tier: 'gold' });
    await till.engine.syncNow();
    expect(till.cache.profiles.findById(m.profileId)).toMatchObject({ pointsBalance: 777, tier: 'gold' });
  });

  it('merges one member into another: identifiers and points move, and a receipt for the old id lands on the survivor', async () => {
    const from = testMember(5);
    const into = testMember(6);
    expect(await admin('POST', `/admin/profiles/${from.profileId}/merge`, { into: into.profileId })).toMatchObject({ status: 200, json: { from: from.profileId, into: into.profileId } });
    expect(await admin('POST', `/admin/profiles/${into.profileId}/merge`, { into: into.profileId })).toMatchObject({ status: 400 });
    expect(await admin('GET', `/admin/profiles/${from.profileId}`)).toMatchObject({ status: 404, json: { type: 'profile_merged', into: into.profileId } });

    await till.engine.syncNow();
    expect(till.cache.profiles.findById(from.profileId)).toBeFalsy();
    expect(till.cache.profiles.findByIdentifier('phone', from.phone)?.id).toBe(into.profileId);
    expect(till.cache.profiles.findById(into.profileId)?.pointsBalance).toBe(5 + 6);

    const receiptId = queueReceipt(till.cache, from.profileId, 2_000);
    await till.engine.syncNow();
    const receipts = (await admin('GET', `/admin/receipts?profileId=${into.profileId}`)).json.receipts;
    expect(receipts).toEqual([expect.objectContaining({ receiptId, linkedProfileId: into.profileId })]);
  });

  it('erases a member: gone from the till, receipts kept but unlinked, the id answers profile_erased', async () => {
    const m = testMember(6);
    expect((await admin('DELETE', `/admin/profiles/${m.profileId}`)).status).toBe(204);
    expect(await admin('GET', `/admin/profiles/${m.profileId}`)).toMatchObject({ status: 404, json: { type: 'profile_erased' } });
    expect((await admin('DELETE', `/admin/profiles/${m.profileId}`)).status).toBe(404);

    await till.engine.syncNow();
    expect(till.cache.profiles.findById(m.profileId)).toBeFalsy();
    expect(till.cache.profiles.findByIdentifier('phone', m.phone)).toBeFalsy();
    const all = (await admin('GET', '/admin/receipts')).json.receipts as { linkedProfileId: string | null }[];
    expect(all).toHaveLength(1);
    expect(all[0]?.linkedProfileId).toBeNull();
  });
});
