import { afterEach, describe, expect, it } from 'vitest';
import { ProfileSummaryResponseSchema, profileSummaryPath } from '../../../sync/protocol';
import type { ProfileSummaryResponse } from '../../../sync/protocol';
import { AdminSummaryRowAddedSchema } from '../../../hub/routes/adminAnswerSchemas';
import { CrmHarness, problemOf, receipt } from './support/crmHarness';
import { v7 as uuidv7 } from 'uuid';

/** 10 March 2025, noon UTC: demo activity is computed from the day, so every run sees the same summaries. */
const NOW = Date.UTC(2025, 2, 10, 12);

let harness: CrmHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

async function start(): Promise<{ h: CrmHarness; token: string }> {
  harness = await CrmHarness.start({ now: () => NOW });
  return { h: harness, token: await harness.enrolTill() };
}

async function summary(h: CrmHarness, token: string, profileId: string): Promise<ProfileSummaryResponse> {
  const answer = await h.request('GET', profileSummaryPath(profileId), { token });
  if (answer.status !== 200) throw new Error(`summary → ${answer.status} ${answer.text}`);
  return ProfileSummaryResponseSchema.parse(answer.json);
}

const newestFirst = (s: ProfileSummaryResponse): boolean =>
  s.recentPurchases.every((p, i, all) => i === 0 || Date.parse((all[i - 1] as { at: string }).at) >= Date.parse(p.at));

describe('GET /sync/v1/profiles/:id/summary on the emulated CRM', () => {
  it('gives a demo member their offers and web purchases, newest first, the same on every run', async () => {
    const { h, token } = await start();
    const member = h.crm.demoMember(0);
    const first = await summary(h, token, member.profileId);
    expect(first.profileId).toBe(member.profileId);
    expect(first.offers.map((o) => o.personal)).toEqual([true, false]);
    for (const offer of first.offers) expect(Date.parse(offer.validUntil ?? '')).toBeGreaterThan(NOW);
    expect(first.recentPurchases.length).toBeGreaterThanOrEqual(1);
    expect(first.recentPurchases[0]?.channel).toBe('web');
    for (const p of first.recentPurchases) expect(Date.parse(p.at)).toBeLessThan(NOW);
    expect(newestFirst(first)).toBe(true);
    expect(await summary(h, token, member.profileId)).toEqual(first);
  });

  it.each([
    [2, 'no personal offer', 1],
    [3, 'no web or app purchases', 2],
  ])('demo member %i has %s', async (index, _what, offers) => {
    const { h, token } = await start();
    const s = await summary(h, token, h.crm.demoMember(index).profileId);
    expect(s.offers).toHaveLength(offers);
    if (index === 3) expect(s.recentPurchases).toEqual([]);
  });

  it('adds what the admin API adds, leaves out ended offers, and lists receipts tills sent as store purchases', async () => {
    const { h, token } = await start();
    const member = h.crm.demoMember(3); // no demo purchases; a personal demo offer
    const added = await h.adminOk('POST', `/admin/profiles/${member.profileId}/offers`, AdminSummaryRowAddedSchema, { title: 'Gratis kaffe', validUntil: '2025-03-31T23:59:59+02:00' });
    expect(added.profileId).toBe(member.profileId);
    await h.adminOk('POST', `/admin/profiles/${member.profileId}/offers`, AdminSummaryRowAddedSchema, { title: 'Utgånget', validUntil: '2025-03-01T00:00:00Z' });
    await h.adminOk('POST', `/admin/profiles/${member.profileId}/purchases`, AdminSummaryRowAddedSchema, { channel: 'app', total: 89, currency: 'SEK', itemCount: 2, at: '2025-03-08T09:00:00Z' });
    await h.adminOk('POST', `/admin/profiles/${member.profileId}/purchases`, AdminSummaryRowAddedSchema, { channel: 'web', total: 450, currency: 'SEK', itemCount: 4 });
    const sale = { ...receipt('R-summary-1', member.profileId, 60), lines: [{ sku: '1', description: 'Bulle', quantity: 3, unitPrice: 20, amount: 60 }] };
    await h.upload(token, [{ idempotencyKey: uuidv7(), kind: 'receipt', payload: sale }]);

    const s = await summary(h, token, member.profileId);
    expect(s.offers.map((o) => [o.title, o.personal])).toEqual([['Gratis kaffe', true], [expect.any(String), true], [expect.any(String), false]]);
    expect(s.recentPurchases).toEqual([
      { at: new Date(NOW).toISOString(), channel: 'web', total: 450, currency: 'SEK', itemCount: 4 },
      { at: '2025-03-08T09:00:00.000Z', channel: 'app', total: 89, currency: 'SEK', itemCount: 2 },
      { at: '2025-03-01T10:15:00+01:00', channel: 'store', storeName: 'Demo store', receiptId: 'R-summary-1', total: 60, currency: 'SEK', itemCount: 3 },
    ]);
  });

  it('keeps at most five purchases, the newest', async () => {
    const { h, token } = await start();
    const member = h.crm.demoMember(7); // 7 % 4 === 3: no demo purchases
    for (let day = 1; day <= 7; day++) {
      await h.adminOk('POST', `/admin/profiles/${member.profileId}/purchases`, AdminSummaryRowAddedSchema, { channel: 'web', total: day, currency: 'SEK', itemCount: 1, at: `2025-03-0${day}T12:00:00Z` });
    }
    const s = await summary(h, token, member.profileId);
    expect(s.recentPurchases.map((p) => p.total)).toEqual([7, 6, 5, 4, 3]);
  });

  it('answers 404 for an erased profile and one it never knew, as a problem like the others', async () => {
    const { h, token } = await start();
    const member = h.crm.demoMember(4);
    await h.adminOk('POST', `/admin/profiles/${member.profileId}/offers`, AdminSummaryRowAddedSchema, { title: 'Bara för dig' });
    expect((await h.admin('DELETE', `/admin/profiles/${member.profileId}`)).status).toBe(204);
    for (const id of [member.profileId, 'P09999999', 'tmp-not-signed-up']) {
      const answer = await h.request('GET', profileSummaryPath(id), { token });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(problemOf(answer)).toMatchObject({ type: 'not_found', status: 404 });
      expect(answer.text).not.toContain('Bara för dig');
    }
    const [leftovers] = await h.crm.parts.db.query<{ n: number }>('SELECT count(*)::int AS n FROM member_offers');
    expect(leftovers?.n).toBe(0);
  });

  it('follows a merge: the merged-away id gives the survivor, with both people’s offers and purchases', async () => {
    const { h, token } = await start();
    const from = h.crm.demoMember(3); // no demo purchases of its own
    const into = h.crm.demoMember(5);
    await h.adminOk('POST', `/admin/profiles/${from.profileId}/offers`, AdminSummaryRowAddedSchema, { title: 'Välkommen tillbaka' });
    await h.adminOk('POST', `/admin/profiles/${from.profileId}/purchases`, AdminSummaryRowAddedSchema, { channel: 'app', total: 12, currency: 'SEK', itemCount: 1, at: '2025-03-09T20:00:00Z' });
    const before = await summary(h, token, into.profileId);
    expect((await h.admin('POST', `/admin/profiles/${from.profileId}/merge`, { into: into.profileId })).status).toBe(200);

    const viaOld = await summary(h, token, from.profileId);
    expect(viaOld).toEqual(await summary(h, token, into.profileId));
    expect(viaOld.profileId).toBe(into.profileId);
    expect(viaOld.offers.map((o) => o.title)).toContain('Välkommen tillbaka');
    expect(viaOld.recentPurchases[0]).toMatchObject({ channel: 'app', total: 12 });
    expect(viaOld.recentPurchases.length).toBe(Math.min(5, before.recentPurchases.length + 1));
  });

  it('needs a device token', async () => {
    const { h } = await start();
    const answer = await h.request('GET', profileSummaryPath(h.crm.demoMember(0).profileId), { token: null });
    expect(answer.status).toBe(401);
    expect(problemOf(answer).type).toBe('unauthorized');
  });

  it.each([
    ['an offer without a title', 'offers', { validUntil: '2025-03-31T00:00:00Z' }, 400, 'bad_request'],
    ['a purchase by phone', 'purchases', { channel: 'phone', total: 1, currency: 'SEK', itemCount: 1 }, 400, 'bad_request'],
    ['a purchase without a currency', 'purchases', { channel: 'web', total: 1, itemCount: 1 }, 400, 'bad_request'],
  ])('the admin API refuses %s', async (_what, kind, body, status, type) => {
    const { h } = await start();
    const answer = await h.admin('POST', `/admin/profiles/${h.crm.demoMember(0).profileId}/${kind}`, body);
    expect(answer.status).toBe(status);
    expect((answer.json as { type: string }).type).toBe(type);
  });

  it('the admin API says why it cannot add to a profile that is gone', async () => {
    const { h } = await start();
    const gone = h.crm.demoMember(8).profileId;
    await h.admin('DELETE', `/admin/profiles/${gone}`);
    const answer = await h.admin('POST', `/admin/profiles/${gone}/offers`, { title: 'För sent' });
    expect(answer.status).toBe(404);
    expect((answer.json as { type: string }).type).toBe('profile_erased');
  });
});
