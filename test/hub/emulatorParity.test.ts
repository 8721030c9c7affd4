import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import { asDemoConnector, createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { demoOffers, demoPurchases } from '../../hub/connectors/demo/demoActivity';
import { AdminReceiptDeliveriesSchema, AdminStatsSchema } from '../../hub/routes/adminAnswerSchemas';
import { ChangesPageSchema, ProfileSummaryResponseSchema, UploadResponseSchema } from '../../sync/protocol';
import type { UploadResult } from '../../sync/protocol';
import { enrolDevice, HUB_ENGINES, hubStorage, silentLogger, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';

/** The emulated CRM's admin API that the hub serves too: receipt deliveries, stats, touch and compact, demo activity. */

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const SEED = 5;
const MEMBERS = 30;

interface Answer {
  status: number;
  json: unknown;
}

describe.each(HUB_ENGINES)('the emulated CRM admin API on the hub on %s', (engine) => {
  let under: HubUnderTest;
  let token: string;
  const demo = createDemoConnector({ members: MEMBERS, seed: SEED });

  beforeAll(async () => {
    under = await startHub(engine, { connector: demo, now: () => NOW, changeRetention: 5_000 });
    token = await enrolDevice(under.hub);
  });
  afterAll(async () => {
    await under?.close();
  });

  const call = async (method: string, path: string, options: { body?: unknown; auth?: string | null } = {}): Promise<Answer> => {
    const auth = options.auth === undefined ? `Bearer ${under.hub.adminToken}` : options.auth;
    const response = await fetch(`${under.hub.url}${path}`, {
      method,
      headers: { ...(auth === null ? {} : { authorization: auth }), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
  };
  const upload = async (items: unknown[]): Promise<UploadResult[]> => {
    const answer = await call('POST', '/sync/v1/upload', { body: { items }, auth: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    return UploadResponseSchema.parse(answer.json).results;
  };
  const deliveries = async (query = '') => AdminReceiptDeliveriesSchema.parse((await call('GET', `/admin/receipt-deliveries${query}`)).json).deliveries;
  const stats = async () => AdminStatsSchema.parse((await call('GET', '/admin/stats')).json);
  const delivery = (payload: Record<string, unknown>) => ({
    idempotencyKey: uuidv7(), kind: 'receipt_delivery',
    payload: { receiptId: 'R-mail-1', channel: 'email', to: 'kvitto@example.org', profileId: null, requestedAt: '2026-11-30T10:00:00+01:00', tillId: 'till-1', ...payload },
  });

  describe('receipt deliveries (upload kind receipt_delivery, GET /admin/receipt-deliveries)', () => {
    it('holds a typed address once, on its own in its batch, and never answers with the address', async () => {
      const typed = delivery({});
      const consent = { idempotencyKey: uuidv7(), kind: 'consent', payload: { profileId: 'P00000001', purpose: 'terms', granted: true, at: '2026-11-30T10:00:00+01:00', source: 'till:1' } };
      const results = await upload([typed, delivery({ to: null }), delivery({ channel: 'sms', to: '0701234567' }), consent]);
      expect(results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'invalid_payload'], ['rejected', 'invalid_payload'], ['accepted', undefined]]);
      expect(JSON.stringify(results)).not.toContain('kvitto@example.org');
      expect((await upload([typed]))[0]?.status).toBe('duplicate');
      expect(await deliveries()).toEqual([
        { receiptId: 'R-mail-1', channel: 'email', address: 'kvitto@example.org', source: 'typed', profileId: null, deviceId: expect.any(String), receivedAt: NOW },
      ]);
    });

    it('uses the member’s own contact for the channel, and answers no_contact when the CRM has none', async () => {
      const withPhoneOnly = demo.member(1); // odd index: no e-mail
      expect(withPhoneOnly.email).toBeNull();
      const results = await upload([
        delivery({ receiptId: 'R-sms', to: null, profileId: withPhoneOnly.profileId, channel: 'sms' }),
        delivery({ receiptId: 'R-nomail', to: null, profileId: withPhoneOnly.profileId, channel: 'email' }),
        delivery({ receiptId: 'R-gone', to: null, profileId: 'P09999999', channel: 'sms' }),
      ]);
      expect(results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'no_contact'], ['rejected', 'no_contact']]);
      expect(results[1]?.detail).toBe('the member has no e-mail address on file');
      const held = await deliveries();
      expect(held.map((d) => d.receiptId)).toEqual(['R-mail-1', 'R-sms']);
      expect(held[1]).toMatchObject({ channel: 'sms', address: withPhoneOnly.phone, source: 'member', profileId: withPhoneOnly.profileId });
      expect((await deliveries('?limit=1')).map((d) => d.receiptId)).toEqual(['R-mail-1']);
    });

    it('follows the member through a merge, and forgets the address when the member is erased', async () => {
      const [a, b] = [demo.member(4), demo.member(5)];
      await upload([delivery({ receiptId: 'R-merge', to: null, profileId: a.profileId, channel: 'sms' }), delivery({ receiptId: 'R-erase', to: null, profileId: b.profileId, channel: 'sms' })]);
      expect((await call('POST', `/admin/profiles/${a.profileId}/merge`, { body: { into: demo.member(6).profileId } })).status).toBe(200);
      expect((await deliveries()).find((d) => d.receiptId === 'R-merge')?.profileId).toBe(demo.member(6).profileId);
      expect((await call('DELETE', `/admin/profiles/${b.profileId}`)).status).toBe(204);
      const held = await deliveries();
      expect(held.map((d) => d.receiptId)).not.toContain('R-erase');
      expect(JSON.stringify(held)).not.toContain(b.phone);
    });

    it.each([
      ['limit=0', 400], ['limit=100001', 400], ['limit=many', 400],
    ])('refuses ?%s with problem+json', async (query, status) => {
      const answer = await call('GET', `/admin/receipt-deliveries?${query}`);
      expect(answer.status).toBe(status);
      expect(answer.json).toMatchObject({ status });
    });

    it('needs the admin token', async () => {
      expect((await call('GET', '/admin/receipt-deliveries', { auth: null })).status).toBe(401);
      expect((await call('GET', '/admin/receipt-deliveries', { auth: `Bearer ${token}` })).status).toBe(401);
    });
  });

  describe('GET /admin/stats', () => {
    it('counts the database and this process’s requests, upload outcomes and injected faults', async () => {
      const before = await stats();
      expect(before).toMatchObject({ epoch: under.hub.epoch, devices: 1, keys: 1 });
      expect(before.feed.retention).toBe(5_000);
      const [row] = await under.hub.parts.db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
      expect(before.profiles).toBe(row?.n);

      const receipt = {
        idempotencyKey: uuidv7(), kind: 'receipt',
        payload: {
          receiptId: 'R-stats', kind: 'sale', profileId: null, createdAt: '2026-11-30T10:15:00+01:00', currency: 'SEK', total: 10,
          lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: 10, amount: 10 }], payments: [{ method: 'card', amount: 10 }], tillId: 'till-1',
        },
      };
      await upload([receipt, { idempotencyKey: uuidv7(), kind: 'refund', payload: {} }]);
      await upload([receipt]);
      expect((await call('POST', '/admin/faults', { body: { errorRate: 1, routes: ['keys'] } })).status).toBe(200);
      expect((await call('GET', '/sync/v1/keys', { auth: `Bearer ${token}` })).status).toBe(503);
      expect((await call('POST', '/admin/faults', { body: {} })).status).toBe(200);

      const after = await stats();
      expect(after.receipts).toBe(before.receipts + 1);
      expect(after.idempotencyKeys).toBe(before.idempotencyKeys + 2);
      expect(after.requests['POST /sync/v1/upload']).toBe((before.requests['POST /sync/v1/upload'] ?? 0) + 2);
      expect(after.uploads).toEqual({ accepted: before.uploads.accepted + 1, duplicate: before.uploads.duplicate + 1, rejected: before.uploads.rejected + 1 });
      expect(after.faultsInjected).toEqual({ ...before.faultsInjected, error: before.faultsInjected.error + 1 });
      expect((await call('GET', '/admin/stats', { auth: null })).status).toBe(401);
    });
  });

  describe('POST /admin/changes/touch and /compact', () => {
    it('touch gives profiles a point each, an upsert each, walking round the mirror', async () => {
      const head = (await stats()).feed.head;
      const profiles = (await stats()).profiles;
      const touched = await call('POST', '/admin/changes/touch', { body: { count: 3 } });
      expect(touched).toEqual({ status: 200, json: { touched: 3 } });
      const page = ChangesPageSchema.parse((await call('GET', `/sync/v1/changes?cursor=c.${under.hub.epoch}.${head}`, { auth: `Bearer ${token}` })).json);
      const upserts = page.changes.flatMap((c) => (c.type === 'upsert' ? [c.profile] : []));
      expect(upserts.map((p) => p.id)).toEqual([demo.member(0).profileId, demo.member(1).profileId, demo.member(2).profileId]);
      expect(upserts[0]?.pointsBalance).toBe(demo.member(0).points + 1);

      // Past the end it starts again from the first profile: every touch is one more change.
      expect((await call('POST', '/admin/changes/touch', { body: { count: profiles } })).json).toEqual({ touched: profiles });
      expect((await stats()).feed.head).toBe(head + 3 + profiles);
    });

    it('compact drops all but the newest changes, expiring older cursors, and never moves back', async () => {
      const { head } = (await stats()).feed;
      const old = `c.${under.hub.epoch}.${head - 2}`;
      expect((await call('POST', '/admin/changes/compact', { body: { keep: 1 } })).json).toEqual({ prunedThrough: head - 1, head });
      const expired = await call('GET', `/sync/v1/changes?cursor=${old}`, { auth: `Bearer ${token}` });
      expect(expired.status).toBe(410);
      expect(expired.json).toMatchObject({ type: 'cursor_expired' });
      expect((await call('POST', '/admin/changes/compact', { body: { keep: 1_000 } })).json).toEqual({ prunedThrough: head - 1, head });
      expect((await stats()).feed).toMatchObject({ prunedThrough: head - 1, size: 1 });
    });

    it.each([
      ['touch', { count: 0 }], ['touch', { count: 1_000_001 }], ['touch', {}], ['compact', { keep: -1 }], ['compact', { keep: 'all' }],
    ])('%s refuses %j with problem+json and changes nothing', async (what, body) => {
      const before = (await stats()).feed;
      const answer = await call('POST', `/admin/changes/${what}`, { body });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ status: 400 });
      expect((await stats()).feed).toEqual(before);
    });
  });

  describe('demo activity in profile summaries', () => {
    const summary = async (profileId: string) =>
      ProfileSummaryResponseSchema.parse((await call('GET', `/sync/v1/profiles/${profileId}/summary`, { auth: `Bearer ${token}` })).json);

    it('gives a demo member the demo CRM’s offers and web and app purchases, the same as the emulated CRM', async () => {
      const got = await summary(demo.member(9).profileId);
      expect(got.offers).toEqual(demoOffers(9, SEED, NOW));
      expect(got.recentPurchases).toEqual(demoPurchases(9, SEED, NOW));
      expect(got.offers.some((o) => o.personal)).toBe(true);
    });

    it('puts an added personal offer first, and keeps a merged-away member’s activity with the survivor', async () => {
      const [into, from] = [demo.member(12), demo.member(13)];
      expect((await call('POST', `/admin/profiles/${into.profileId}/offers`, { body: { title: 'Extra kaffe', personal: true } })).status).toBe(201);
      expect((await call('POST', `/admin/profiles/${from.profileId}/merge`, { body: { into: into.profileId } })).status).toBe(200);
      const got = await summary(into.profileId);
      expect(got.offers[0]?.title).toBe('Extra kaffe');
      const fromPersonal = demoOffers(13, SEED, NOW).find((o) => o.personal);
      expect(got.offers).toContainEqual(fromPersonal);
      const expected = [...demoPurchases(12, SEED, NOW), ...demoPurchases(13, SEED, NOW)].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, 5);
      expect(got.recentPurchases).toEqual(expected);
    });

    it('gives a member the hub made itself (a sign-up) no demo activity', async () => {
      const [signup] = await upload([{
        idempotencyKey: uuidv7(), kind: 'signup',
        payload: { provisionalId: 'tmp-activity', firstName: 'Ny', identifiers: [{ kind: 'phone', value: '+46731230001' }], createdAt: '2026-11-30T10:00:00+01:00', tillId: 'till-1' },
      }]);
      const profileId = signup?.mapping?.profileId ?? '';
      expect(profileId).not.toBe('');
      expect(await summary(profileId)).toEqual({ profileId, offers: [], recentPurchases: [] });
    });
  });
});

describe.each(HUB_ENGINES)('a hub reopened on its %s database with other demo settings', (engine) => {
  it('keeps the demo population it was filled with, as the emulated CRM kept a data directory’s own', async () => {
    const storage = await hubStorage(engine);
    try {
      const first = await createHub({ ...storage.options, logger: silentLogger, connector: createDemoConnector({ members: 12, seed: 3 }) });
      await first.close();
      const again = await createHub({ ...storage.options, logger: silentLogger, connector: createDemoConnector({ members: 40, seed: 9 }) });
      try {
        const demo = asDemoConnector(again.connector);
        expect([demo?.members, demo?.seed]).toEqual([12, 3]);
        expect(await again.parts.mirror.count(again.parts.db)).toBe(12);
        const member = createDemoConnector({ members: 12, seed: 3 }).member(7);
        expect(await demo?.findByIdentifier('phone', member.phone)).toMatchObject({ status: 'accepted', value: { found: { profileId: member.profileId } } });
      } finally {
        await again.close();
      }
    } finally {
      await storage.remove();
    }
  });
});
