import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { createVoyadoConnector } from '../../hub/connectors/voyado/voyadoConnector';
import { deliverWebhook, signWebhook, startVoyadoStandIn, webhookSecret } from '../support/voyadoStandIn';
import type { VoyadoStandIn } from '../support/voyadoStandIn';
import { enrolDevice, HUB_ENGINES, hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';

// Voyado's signed webhooks at POST /webhooks/voyado, applied to the mirror through its own writes (so each reaches the
// tills' change log), once per delivery; and the Voyado connector's promotions in the till's profile summary.

describe.each(HUB_ENGINES)('Voyado webhooks on %s', (engine) => {
  let standIn: VoyadoStandIn;
  let storage: HubStorage;
  let hub: Hub;
  const secret = webhookSecret();
  const url = () => `${hub.url}/webhooks/voyado`;

  // One hub per engine for the file: each test uses contacts of its own (PGlite's start is the slow part).
  beforeAll(async () => {
    standIn = await startVoyadoStandIn();
    storage = await hubStorage(engine);
    const connector = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'test' });
    // A summary waits for Voyado's offers up to 1.5 s here (550 ms by default): a loaded test machine is no slow CRM.
    hub = await createHub({ ...storage.options, logger: silentLogger, connector, voyadoWebhook: { secret }, summaryCrmBudgetMs: 1_500 });
  });
  afterAll(async () => {
    await hub.close();
    await storage.remove();
    await standIn.close();
  });

  const changesOf = async (profileId: string) => (await hub.parts.db.query<{ type: string }>('SELECT type FROM change_log WHERE profile_id = $1 ORDER BY seq', [profileId])).map((r) => r.type);

  it('contact.created: the contact is fetched, lands in the mirror with normalised identifiers and points, and in the change log', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', lastName: 'Ek', mobilePhone: '+46701234511', email: 'Ebba@Example.se' });
    standIn.ledger.setBalance(contact.id, 120);
    expect(await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }))).toBe(204);
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).toMatchObject({
      firstName: 'Ebba', displayName: 'Ebba E.', pointsBalance: 120, identifiers: [['phone', '+46701234511'], ['email', 'ebba@example.se']],
    });
    expect(await hub.parts.mirror.findByIdentifier(hub.parts.db, 'phone', '+46701234511')).toBe(contact.id);
    expect(await changesOf(contact.id)).toEqual(['upsert']);
  });

  it('contact.updated, point.balance.updated and contact.deleted change and then erase the mirrored member', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234512' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    standIn.contacts.update(contact.id, (c) => { c.attributes.firstName = 'Ebba-Lena'; c.attributes.mobilePhone = '+46709876543'; });
    expect(await deliverWebhook(url(), signWebhook(secret, 'contact.updated', { contactId: contact.id }))).toBe(204);
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).toMatchObject({ firstName: 'Ebba-Lena', identifiers: [['phone', '+46709876543']] });
    expect(await hub.parts.mirror.findByIdentifier(hub.parts.db, 'phone', '+46701234512')).toBeNull();
    expect(await deliverWebhook(url(), signWebhook(secret, 'point.balance.updated', { contactId: contact.id, balance: 750, definitionId: 1 }))).toBe(204);
    expect((await hub.parts.mirror.get(hub.parts.db, contact.id))?.pointsBalance).toBe(750);
    standIn.contacts.delete(contact.id);
    expect(await deliverWebhook(url(), signWebhook(secret, 'contact.deleted', { contactId: contact.id }))).toBe(204);
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).toBeNull();
    expect(await changesOf(contact.id)).toEqual(['upsert', 'upsert', 'upsert', 'erase']);
  });

  it('consent and preference changes are kept as the member\'s consents', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234513' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    expect(await deliverWebhook(url(), signWebhook(secret, 'contact.consent.changed', { contactId: contact.id, consentId: 'memberTerms', value: true }))).toBe(204);
    expect(await deliverWebhook(url(), signWebhook(secret, 'contact.acceptsSms.changed', { contactId: contact.id, acceptsSms: false }))).toBe(204);
    const rows = await hub.parts.db.query<{ purpose: string; granted: boolean; source: string }>('SELECT purpose, granted, source FROM consents WHERE profile_id = $1 ORDER BY id', [contact.id]);
    expect(rows).toEqual([{ purpose: 'memberTerms', granted: true, source: 'voyado' }, { purpose: 'marketingSms', granted: false, source: 'voyado' }]);
  });

  it.each([
    ['unsigned', (w: ReturnType<typeof signWebhook>) => ({ ...w, headers: { 'content-type': 'application/json' } }), 'webhook_unsigned'],
    ['signed with another secret', () => signWebhook(webhookSecret(), 'contact.deleted', { contactId: '2e40b702-2767-4abe-ae99-aa510108e22b' }), 'webhook_signature_invalid'],
    ['altered after signing', (w: ReturnType<typeof signWebhook>) => ({ ...w, body: w.body.replace('contact.deleted', 'contact.created') }), 'webhook_signature_invalid'],
    ['stale (signed ten minutes ago)', () => signWebhook(secret, 'contact.deleted', { contactId: '2e40b702-2767-4abe-ae99-aa510108e22b' }, { at: new Date(Date.now() - 600_000) }), 'webhook_stale'],
  ])('a webhook %s is refused 401 and changes nothing', async (_name, make, type) => {
    standIn.contacts.delete('2e40b702-2767-4abe-ae99-aa510108e22b');
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234514' }, { id: '2e40b702-2767-4abe-ae99-aa510108e22b' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    const webhook = make(signWebhook(secret, 'contact.deleted', { contactId: contact.id }));
    const response = await fetch(url(), { method: 'POST', headers: webhook.headers, body: webhook.body });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: expect.stringContaining(type) });
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).not.toBeNull();
  });

  it('a webhook replayed is refused 409 and applied once', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234515' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    const balance = signWebhook(secret, 'point.balance.updated', { contactId: contact.id, balance: 300 });
    expect(await deliverWebhook(url(), balance)).toBe(204);
    await deliverWebhook(url(), signWebhook(secret, 'point.balance.updated', { contactId: contact.id, balance: 10 }));
    expect(await deliverWebhook(url(), balance)).toBe(409);
    expect((await hub.parts.mirror.get(hub.parts.db, contact.id))?.pointsBalance).toBe(10);
  });

  it('when Voyado cannot be asked for the contact, the webhook is answered 503 with Retry-After and nothing is recorded; its retry applies it', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234516' });
    const webhook = signWebhook(secret, 'contact.created', { contactId: contact.id });
    standIn.faults.add({ kind: 'server_error', count: 1 });
    const first = await fetch(url(), { method: 'POST', headers: webhook.headers, body: webhook.body });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).toBeNull();
    expect(await deliverWebhook(url(), webhook)).toBe(204);
    expect(await hub.parts.mirror.get(hub.parts.db, contact.id)).not.toBeNull();
  });

  it('a webhook type the hub does not apply is received (204) and ignored; a known type with unreadable data is 400', async () => {
    expect(await deliverWebhook(url(), signWebhook(secret, 'reward.voucher.created', { contactId: '2e40b702-2767-4abe-ae99-aa510108e22b' }))).toBe(204);
    expect(await deliverWebhook(url(), signWebhook(secret, 'point.balance.updated', { contactId: 'not-a-guid', balance: 'lots' }))).toBe(400);
  });

  it('a till\'s profile summary carries the member\'s POS promotions from Voyado', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234518' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    const promotion = standIn.ledger.addPromotion(contact.id, { name: '2 för 1 på bullar', expiresOn: '2099-06-30T21:59:59Z' });
    const token = await enrolDevice(hub);
    const response = await fetch(`${hub.url}/sync/v1/profiles/${contact.id}/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ offers: [{ id: promotion.id, title: '2 för 1 på bullar', validUntil: '2099-06-30T21:59:59.000Z', personal: true }] });
  });

  it('a Voyado that does not answer leaves its offers out of the summary within the budget: the till still gets the offers the hub holds', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46701234519' });
    await deliverWebhook(url(), signWebhook(secret, 'contact.created', { contactId: contact.id }));
    standIn.ledger.addPromotion(contact.id, { name: 'Aldrig sedd' });
    await hub.parts.summaries.addOffer(hub.parts.db, contact.id, { title: 'Hubbens eget', validUntil: null, personal: true }, Date.now());
    standIn.faults.add({ kind: 'timeout', count: 1, path: '/api/v3/reward-vouchers/available' });
    standIn.faults.add({ kind: 'timeout', count: 1, path: `/api/v2/contacts/${contact.id}/promotions` });
    const token = await enrolDevice(hub);

    const started = performance.now();
    const response = await fetch(`${hub.url}/sync/v1/profiles/${contact.id}/summary`, { headers: { authorization: `Bearer ${token}` } });
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ offers: [{ title: 'Hubbens eget' }] });
    // The connector's own timeout is 4 s: without the budget the summary would wait for it.
    expect(elapsed).toBeLessThan(3_500);
  });
});

describe('createHub with Voyado webhooks', () => {
  it('refuses a secret that is not whsec_ and base64, before opening the database', async () => {
    const connector = createVoyadoConnector({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', version: 't' });
    await expect(createHub({ logger: silentLogger, connector, voyadoWebhook: { secret: 'plain-text' } })).rejects.toThrow(/whsec_/);
  });
});
