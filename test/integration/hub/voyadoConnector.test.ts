import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { VoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { VoyadoOptionsInput } from '../../../hub/connectors/voyado/voyadoOptions';
import { ReceiptPayloadSchema, SignupPayloadSchema } from '../../../sync/protocol';
import {
  DOCUMENTED_CHANGED_IDS, DOCUMENTED_CHANGES_FROM, DOCUMENTED_CONTACT_ATTRIBUTES, DOCUMENTED_CONTACT_ID, DOCUMENTED_FOUND_ID, DOCUMENTED_LOOKUP_PHONE,
  DOCUMENTED_PROMOTION, DOCUMENTED_RECEIPT, startVoyadoStandIn,
} from '../../support/voyadoStandIn';
import type { VoyadoStandIn } from '../../support/voyadoStandIn';

// The Voyado connector against the stand-in over real HTTP on 127.0.0.1 (docs/connectors.md maps each test to the
// documented rule it covers).

let standIn: VoyadoStandIn;
beforeEach(async () => {
  standIn = await startVoyadoStandIn();
});
afterEach(async () => {
  await standIn.close();
});

function connector(extra: Partial<VoyadoOptionsInput> = {}, clock: () => number = Date.now): VoyadoConnector {
  return createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: '9.8.7', ...extra }, clock);
}

function receipt(receiptId: string, kind: 'sale' | 'return' = 'sale') {
  const sign = kind === 'return' ? -1 : 1;
  return ReceiptPayloadSchema.parse({
    receiptId, kind, profileId: null, createdAt: '2026-12-01T09:14:00Z', currency: 'SEK', total: sign * 149,
    lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: sign * 1, unitPrice: 149, amount: sign * 149 }],
    payments: [{ method: 'card', amount: sign * 149 }], tillId: 'till-1',
  });
}

function signup(phone: string | null, email: string | null) {
  return SignupPayloadSchema.parse({
    provisionalId: `T-${uuidv7()}`, firstName: 'Ebba', createdAt: '2026-12-01T09:14:00+01:00', tillId: 'till-1',
    identifiers: [...(phone ? [{ kind: 'phone', value: phone }] : []), ...(email ? [{ kind: 'email', value: email }] : [])],
  });
}

describe('contract: the documented example payloads', () => {
  it('the stand-in takes the reference\'s receipt example as printed, and keeps it once per uniqueReceiptId', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${standIn.url}/api/v2/receipts`, { method: 'POST', headers: { apikey: standIn.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(DOCUMENTED_RECEIPT) });
      expect(response.status).toBe(202);
    }
    expect(standIn.ledger.receipts.size).toBe(1);
    expect(standIn.ledger.repeatedReceipts).toBe(1);
  });

  it('a till receipt goes out in the example\'s shape: uniqueReceiptId, contact by ContactId, local time with offset, store, currency, total, items, payments', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const answer = await connector().push?.receipt(receipt('R-1'), contact.id, 'sthlm-01');
    expect(answer).toEqual({ status: 'accepted', value: null });
    const sent = standIn.ledger.receipts.get('R-1') as Record<string, unknown>;
    for (const field of ['contact', 'uniqueReceiptId', 'createdDate', 'storeExternalId', 'currency', 'totalGrossPrice', 'paymentMethods', 'items']) expect(sent).toHaveProperty(field);
    expect(sent).toMatchObject({
      contact: { matchKey: contact.id, matchKeyType: 'ContactId' }, uniqueReceiptId: 'R-1', createdDate: '2026-12-01T10:14:00+01:00',
      storeExternalId: 'sthlm-01', currency: 'SEK', totalGrossPrice: 149,
      paymentMethods: [{ type: 'card', value: 149 }], items: [{ type: 'PURCHASE', quantity: 1, grossPaidPrice: 149, sku: '7310865004703', articleName: 'Kaffe' }],
    });
    expect(Object.keys(sent).sort()).toEqual(expect.arrayContaining(Object.keys(DOCUMENTED_RECEIPT).filter((k) => k !== 'contact').sort()));
  });

  it.each([
    ['a summer sale in Stockholm', '2026-07-01T12:00:00Z', 'Europe/Stockholm', '2026-07-01T14:00:00+02:00'],
    ['a winter sale in Stockholm', '2026-01-15T23:30:00Z', 'Europe/Stockholm', '2026-01-16T00:30:00+01:00'],
    ['a till that sent its own offset', '2026-01-15T08:00:00-05:00', 'Europe/Helsinki', '2026-01-15T15:00:00+02:00'],
  ])('createdDate of %s is local time with the offset', async (_name, createdAt, timeZone, expected) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    await connector({ timeZone }).push?.receipt({ ...receipt('R-tz'), createdAt }, contact.id, 's1');
    expect((standIn.ledger.receipts.get('R-tz') as { createdDate: string }).createdDate).toBe(expected);
  });

  it('a return goes out as RETURN items with a negative total', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    expect(await connector().push?.receipt(receipt('R-ret', 'return'), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(standIn.ledger.receipts.get('R-ret')).toMatchObject({ totalGrossPrice: -149, items: [{ type: 'RETURN', quantity: 1, grossPaidPrice: -149 }] });
  });

  it('the documented contact reads as a member with normalised identifiers', async () => {
    standIn.contacts.add({ ...DOCUMENTED_CONTACT_ATTRIBUTES, memberNumber: 'ab-1234' }, { id: DOCUMENTED_CONTACT_ID });
    standIn.ledger.setBalance(DOCUMENTED_CONTACT_ID, 420);
    const answer = await connector().lookup(DOCUMENTED_CONTACT_ID);
    expect(answer).toEqual({
      status: 'accepted',
      value: {
        profileId: DOCUMENTED_CONTACT_ID, firstName: 'Example', lastName: 'Examplesson', displayName: 'Example E.', tier: 'member', pointsBalance: 420,
        pointsAsOf: expect.any(Number), identifiers: [['phone', '+46702291216'], ['email', 'jane.doe@example.com'], ['member_number', 'AB-1234']],
      },
    });
  });

  it('the documented lookup answers the id as a JSON string, and the connector reads it', async () => {
    standIn.contacts.add({ firstName: 'Found', mobilePhone: DOCUMENTED_LOOKUP_PHONE }, { id: DOCUMENTED_FOUND_ID });
    const raw = await fetch(`${standIn.url}/api/v2/contacts/id?mobilePhone=%2B46735654321`, { headers: { apikey: standIn.apiKey } });
    expect(await raw.text()).toBe(JSON.stringify(DOCUMENTED_FOUND_ID));
    expect(await connector().findByIdentifier('phone', DOCUMENTED_LOOKUP_PHONE)).toMatchObject({ status: 'accepted', value: { found: { profileId: DOCUMENTED_FOUND_ID } } });
  });

  it('the changes feed answers ids only, to the reference\'s date format too', async () => {
    const at = Date.parse('2023-05-04T11:10:00Z');
    for (const id of DOCUMENTED_CHANGED_IDS) standIn.contacts.add({ firstName: 'C' }, { id, at });
    const raw = await fetch(`${standIn.url}/api/v2/contacts/changes?changeType=Created&fromDate=${encodeURIComponent(DOCUMENTED_CHANGES_FROM)}`, { headers: { apikey: standIn.apiKey } });
    expect(await raw.json()).toEqual(DOCUMENTED_CHANGED_IDS);
  });

  it('POS promotions become summary offers (id, name, expiry); ECOM-only and expired ones do not', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: '20 % på kaffe', expiresOn: '2099-01-01T00:00:00Z' });
    standIn.ledger.addPromotion(contact.id, { name: 'Webb only', redemptionChannels: [{ type: 'ECOM', valueType: 'PERCENT', value: '5', instruction: null }] });
    standIn.ledger.addPromotion(contact.id, { name: 'Gone', expiresOn: '2020-01-01T00:00:00Z' });
    expect(await connector().activity?.([contact.id], Date.now())).toEqual({
      status: 'accepted', value: { offers: [{ id: DOCUMENTED_PROMOTION.id, title: '20 % på kaffe', validUntil: '2099-01-01T00:00:00.000Z', personal: true, redeemable: true }], purchases: [] },
    });
    expect(standIn.requests.at(-1)?.query).toBe('?redemptionChannelType=POS');
  });
});

describe('every request', () => {
  it('sends the apikey header, User-Agent Tillid-Hub/<version> and Content-Type application/json', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', email: 'ebba@example.se' });
    const c = connector();
    await c.findByIdentifier('email', 'ebba@example.se');
    await c.push?.receipt(receipt('R-h'), contact.id, 's1');
    await c.changesSince(new Date(Date.now() - 60_000).toISOString());
    expect(standIn.requests.length).toBeGreaterThan(4);
    for (const r of standIn.requests) expect(r).toMatchObject({ apikey: standIn.apiKey, userAgent: 'Tillid-Hub/9.8.7', contentType: 'application/json' });
  });

  it('a refused key is retry_later (the hub keeps the item), never a rejection', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const wrong = createVoyadoConnector({ baseUrl: standIn.url, apiKey: 'not-the-key', version: '1' });
    expect(await wrong.push?.receipt(receipt('R-k'), contact.id, 's1')).toEqual({ status: 'retry_later', reason: 'unauthorized' });
    expect(standIn.ledger.receipts.size).toBe(0);
  });

  it('keeps to 50 requests per second per key: 130 lookups at once never make the stand-in count more than 50 in a second', async () => {
    const contacts = Array.from({ length: 130 }, (_, i) => standIn.contacts.add({ firstName: `M${i}` }));
    const c = connector();
    // lookup() costs two requests (contact and point account): 260 requests, over five seconds at the ceiling.
    const answers = await Promise.all(contacts.map((m) => c.lookup(m.id)));
    expect(answers.every((a) => a.status === 'accepted' && a.value !== null)).toBe(true);
    expect(standIn.rate.total).toBe(260);
    expect(standIn.rate.throttled).toBe(0);
    expect(standIn.rate.maxInAnySecond).toBeLessThanOrEqual(50);
  });
});

describe('finding members', () => {
  it.each([
    ['phone', '+46701234567', 'mobilePhone'],
    ['email', 'ebba@example.se', 'email'],
    ['member_number', 'M-77', 'memberNumber'],
  ] as const)('by %s', async (kind, value, attribute) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', [attribute]: value });
    expect(await connector().findByIdentifier(kind, value)).toMatchObject({ status: 'accepted', value: { found: { profileId: contact.id, firstName: 'Ebba' } } });
  });

  it('404 ContactNotFound is an ordinary not-found; a card number (Voyado has none) too, without a request', async () => {
    expect(await connector().findByIdentifier('phone', '+46709999999')).toEqual({ status: 'accepted', value: { notFound: true } });
    const before = standIn.requests.length;
    expect(await connector().findByIdentifier('card', '6001000000001')).toEqual({ status: 'accepted', value: { notFound: true } });
    expect(standIn.requests.length).toBe(before);
  });

  it('409 MultipleMatches is "several members share this"', async () => {
    standIn.contacts.add({ firstName: 'A', mobilePhone: '+46701111111' });
    standIn.contacts.add({ firstName: 'B', mobilePhone: '+46701111111' });
    expect(await connector().findByIdentifier('phone', '+46701111111')).toEqual({ status: 'accepted', value: { several: true } });
  });

  it('a contact of another contact type is not a member', async () => {
    const contact = standIn.contacts.add({ firstName: 'Lead', email: 'lead@example.se' }, { contactType: 'Contact' });
    expect(await connector().lookup(contact.id)).toEqual({ status: 'accepted', value: null });
    expect(await connector().findByIdentifier('email', 'lead@example.se')).toEqual({ status: 'accepted', value: { notFound: true } });
  });

  it('changes: created and updated ids to look up, deleted ids erased, from the position on', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const clock = () => now;
    await standIn.close();
    standIn = await startVoyadoStandIn({ now: clock });
    const c = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: '1', changesOverlapMs: 0 }, clock);
    const start = await c.changesSince(null);
    expect(start).toMatchObject({ status: 'accepted', value: { changed: [], erased: [] } });
    now += 1000;
    const a = standIn.contacts.add({ firstName: 'A' });
    const b = standIn.contacts.add({ firstName: 'B' });
    const gone = standIn.contacts.add({ firstName: 'Gone' });
    now += 1000;
    standIn.contacts.update(a.id, (x) => { x.attributes.lastName = 'Andersson'; });
    standIn.contacts.delete(gone.id);
    now += 1000;
    const position = start.status === 'accepted' ? start.value.position : '';
    const answer = await c.changesSince(position);
    expect(answer.status).toBe('accepted');
    if (answer.status !== 'accepted') return;
    expect(answer.value.changed.sort()).toEqual([a.id, b.id].sort());
    expect(answer.value.erased).toEqual([gone.id]);
    now += 1000;
    expect(await c.changesSince(answer.value.position)).toMatchObject({ value: { changed: [], erased: [] } });
  });

  it('a window over the cap (400) is split until each half answers; nothing is missed', async () => {
    await standIn.close();
    standIn = await startVoyadoStandIn({ changesCap: 3 });
    const base = Date.now() - 60_000;
    const ids = Array.from({ length: 10 }, (_, i) => standIn.contacts.add({ firstName: `C${i}` }, { at: base + i * 5000 }).id);
    const answer = await connector({ changesOverlapMs: 0 }).changesSince(new Date(base - 1000).toISOString());
    expect(answer.status === 'accepted' ? answer.value.changed.sort() : answer).toEqual(ids.sort());
    expect(standIn.requests.filter((r) => r.status === 400).length).toBeGreaterThan(0);
  });

  it('the full import from a date fetches every contact created since, in batches', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => standIn.contacts.add({ firstName: `I${i}`, mobilePhone: `+4670100000${i}` }).id);
    const batches: string[][] = [];
    for await (const batch of connector({ importFrom: new Date(Date.now() - 60_000), importBatchSize: 3 }).fullImport()) batches.push(batch.map((m) => m.profileId));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().sort()).toEqual(ids.sort());
    expect(await (async () => { for await (const b of connector().fullImport()) return b; return 'nothing'; })()).toBe('nothing');
  });
});

describe('sign-ups', () => {
  it('create the contact with source POS and the store, and answer its id', async () => {
    const answer = await connector().push?.signUp(signup('+46705550001', 'ny@example.se'), 'sthlm-01');
    expect(answer).toMatchObject({ status: 'accepted', value: { profileId: expect.any(String) } });
    const id = answer?.status === 'accepted' ? answer.value.profileId : '';
    expect(standIn.contacts.get(id)?.attributes).toMatchObject({ firstName: 'Ebba', mobilePhone: '+46705550001', email: 'ny@example.se', countryCode: 'SE' });
    expect(standIn.contacts.origin(id)).toEqual({ source: 'POS', storeExternalId: 'sthlm-01' });
    expect(standIn.requests.find((r) => r.method === 'POST')?.query).toBe('?source=POS&storeExternalId=sthlm-01');
  });

  it.each([['phone', '+46705550002', null], ['email', null, 'finns@example.se']])('an existing contact (by %s) maps the provisional id to it, with no duplicate', async (_kind, phone, email) => {
    const existing = standIn.contacts.add({ firstName: 'Finns', mobilePhone: '+46705550002', email: 'finns@example.se' });
    expect(await connector().push?.signUp(signup(phone, email), 's1')).toEqual({ status: 'duplicate', value: { profileId: existing.id } });
    expect(standIn.contacts.size).toBe(1);
  });

  it('an existing contact gets what it lacks of the sign-up (the e-mail, the first name), never a second contact, never an overwrite', async () => {
    const bare = standIn.contacts.add({ mobilePhone: '+46705550004' });
    expect(await connector().push?.signUp(signup('+46705550004', 'ny4@example.se'), 's1')).toEqual({ status: 'duplicate', value: { profileId: bare.id } });
    expect(standIn.contacts.get(bare.id)?.attributes).toMatchObject({ firstName: 'Ebba', email: 'ny4@example.se', mobilePhone: '+46705550004' });
    const held = standIn.contacts.add({ firstName: 'Held', mobilePhone: '+46705550005', email: 'held@example.se' });
    expect(await connector().push?.signUp(signup('+46705550005', 'other5@example.se'), 's1')).toEqual({ status: 'duplicate', value: { profileId: held.id } });
    expect(standIn.contacts.get(held.id)?.attributes).toMatchObject({ firstName: 'Held', email: 'held@example.se' });
    expect(standIn.contacts.size).toBe(2);
  });

  it('an existing contact the lookup missed (created meanwhile) is still not doubled: the POST answers it', async () => {
    const c = connector();
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v2/contacts/id' });
    expect((await c.push?.signUp(signup('+46705550003', null), 's1'))?.status).toBe('retry_later');
    const existing = standIn.contacts.add({ firstName: 'Meanwhile', mobilePhone: '+46705550003' });
    expect(await c.push?.signUp(signup('+46705550003', null), 's1')).toEqual({ status: 'duplicate', value: { profileId: existing.id } });
    expect(standIn.contacts.size).toBe(1);
  });
});

describe('consents', () => {
  const consent = (purpose: string, granted: boolean, version?: string) =>
    ({ purpose, granted, at: '2026-12-01T10:05:00+01:00', source: 'customer_display', ...(version === undefined ? {} : { version }) });

  it('a consent is a contact update: terms under the tenant\'s consent id with its date, source POS and the text\'s version; e-mail and SMS marketing are preferences; nothing else on the contact changes', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', lastName: 'Ek', email: 'ebba@example.se', mobilePhone: '+46705550010' });
    const push = connector({ consentIds: { terms: 'memberTerms' } }).push;
    expect(await push?.consent?.(consent('terms', true, 'terms-2026-11'), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(await push?.consent?.(consent('marketingEmail', true), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(await push?.consent?.(consent('marketingSms', false), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    // Repeating one after a lost answer sets the same state again.
    expect(await push?.consent?.(consent('marketingEmail', true), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    const held = standIn.contacts.get(contact.id);
    expect(held?.consents).toEqual([{ id: 'memberTerms', value: true, date: '2026-12-01T10:05:00+01:00', source: 'POS', comment: 'customer_display, version terms-2026-11' }]);
    expect(held?.preferences).toEqual({ acceptsEmail: true, acceptsSms: false, acceptsPostal: false });
    expect(held?.attributes).toMatchObject({ firstName: 'Ebba', lastName: 'Ek', email: 'ebba@example.se', mobilePhone: '+46705550010' });
    expect(standIn.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(Array<string>(4).fill(`/api/v2/contacts/${contact.id}`));
  });

  it('a consent Voyado has not set up, or a contact it does not have, is rejected with its code; a 5xx is retry_later', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const push = connector().push;
    expect(await push?.consent?.(consent('photoConsent', true), contact.id, 's1')).toEqual({ status: 'rejected', reason: 'voyado:InvalidConsent' });
    expect(await push?.consent?.(consent('terms', true), '0d6bd3b8-9d3c-4fd2-9d2a-6b0d1c9a7e11', 's1')).toEqual({ status: 'rejected', reason: 'unknown_profile' });
    expect(await push?.consent?.(consent('terms', true), 'T-provisional', 's1')).toEqual({ status: 'rejected', reason: 'unknown_profile' });
    standIn.faults.add({ kind: 'server_error', count: 1 });
    expect(await push?.consent?.(consent('terms', true), contact.id, 's1')).toMatchObject({ status: 'retry_later' });
    expect(await push?.consent?.(consent('terms', true), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(standIn.contacts.get(contact.id)?.consents.map((c) => [c.id, c.value])).toEqual([['terms', true]]);
  });
});

describe('a sign-up matched to an existing contact', () => {
  it('fills in only what the contact lacks (an e-mail, a first name) and never overwrites what it holds; nothing to add is no update', async () => {
    const bare = standIn.contacts.add({ mobilePhone: '+46705550020' });
    const named = standIn.contacts.add({ firstName: 'Ebba', mobilePhone: '+46705550021', email: 'ebba@example.se' });
    const push = connector().push;
    const additions = (firstName: string | null, email: string) => ({ firstName, identifiers: [{ kind: 'email' as const, value: email }, { kind: 'card' as const, value: '600100000001' }] });
    expect(await push?.completeContact?.(bare.id, additions('Greta', 'greta@example.se'), 's1')).toEqual({ status: 'accepted', value: null });
    expect(standIn.contacts.get(bare.id)?.attributes).toMatchObject({ firstName: 'Greta', email: 'greta@example.se', mobilePhone: '+46705550020' });
    expect(await push?.completeContact?.(named.id, additions('Other', 'other@example.se'), 's1')).toEqual({ status: 'duplicate', value: null });
    expect(standIn.contacts.get(named.id)?.attributes).toMatchObject({ firstName: 'Ebba', email: 'ebba@example.se' });
    // One GET each; one POST, for the contact that lacked something.
    expect(standIn.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/api/v2/contacts/${bare.id}`]);
  });

  it('an e-mail another contact holds is refused by Voyado and rejected with its code; an unknown contact is unknown_profile', async () => {
    standIn.contacts.add({ email: 'taken@example.se', mobilePhone: '+46705550022' });
    const bare = standIn.contacts.add({ mobilePhone: '+46705550023' });
    const push = connector().push;
    expect(await push?.completeContact?.(bare.id, { firstName: null, identifiers: [{ kind: 'email', value: 'taken@example.se' }] }, 's1')).toEqual({ status: 'rejected', reason: 'voyado:ContactAlreadyExists' });
    expect(await push?.completeContact?.('0d6bd3b8-9d3c-4fd2-9d2a-6b0d1c9a7e11', { firstName: 'X', identifiers: [] }, 's1')).toEqual({ status: 'rejected', reason: 'unknown_profile' });
  });
});

describe('points', () => {
  it('a redemption is a point transaction under the Idempotency-Key, answered with the balance after it; a retry a minute later is the same request, not applied twice', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.setBalance(contact.id, 500);
    const key = uuidv7();
    let now = Date.parse('2026-12-01T10:00:00Z');
    const c = connector({}, () => now);
    const at = now;
    expect(await c.push?.redeem(contact.id, 200, key, at)).toEqual({ status: 'accepted', value: { pointsBalance: 300 } });
    now += 61_000;
    expect(await c.push?.redeem(contact.id, 200, key, at)).toEqual({ status: 'accepted', value: { pointsBalance: 300 } });
    expect(standIn.ledger.pointTransactions).toEqual([expect.objectContaining({ contactId: contact.id, amount: -200, source: 'POS' })]);
    expect(standIn.requests.filter((r) => r.path.endsWith('/point-transactions')).map((r) => r.idempotencyKey)).toEqual([key, key]);
  });

  it('more points than the account holds is rejected insufficient_points', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.setBalance(contact.id, 50);
    expect(await connector().push?.redeem(contact.id, 200, uuidv7(), Date.now())).toEqual({ status: 'rejected', reason: 'insufficient_points' });
    expect(standIn.ledger.balance(contact.id)).toBe(50);
  });
});

describe('faults: nothing lost or doubled, plain answers', () => {
  it('a timeout is retry_later; the retry delivers the receipt once', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const c = connector({ timeoutMs: 300 });
    standIn.faults.add({ kind: 'timeout', count: 1 });
    expect(await c.push?.receipt(receipt('R-t'), contact.id, 's1')).toEqual({ status: 'retry_later', reason: 'timeout' });
    expect(await c.push?.receipt(receipt('R-t'), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(standIn.ledger.receipts.size).toBe(1);
  });

  it.each([['a receipt'], ['a lookup'], ['the changes feed']])('a 5xx on %s is retry_later', async (what) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba', email: 'e@example.se' });
    const c = connector();
    standIn.faults.add({ kind: 'server_error', count: 1 });
    const answer = what === 'a receipt' ? await c.push?.receipt(receipt('R-5'), contact.id, 's1')
      : what === 'a lookup' ? await c.findByIdentifier('email', 'e@example.se') : await c.changesSince(new Date().toISOString());
    expect(answer).toMatchObject({ status: 'retry_later', reason: expect.stringMatching(/^server_error_50[03]$/) });
  });

  it('a 429 storm is waited out (Retry-After), the whole key paused; beyond the wait allowed it is retry_later with the Retry-After', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.faults.add({ kind: 'throttle', count: 2, retryAfterSeconds: 1 });
    expect(await connector({ maxThrottleWaitMs: 5000 }).push?.receipt(receipt('R-429'), contact.id, 's1')).toEqual({ status: 'accepted', value: null });
    expect(standIn.faults.served.throttle).toBe(2);
    standIn.faults.add({ kind: 'throttle', count: 50, retryAfterSeconds: 30 });
    expect(await connector({ maxThrottleWaitMs: 1000 }).push?.receipt(receipt('R-429b'), contact.id, 's1')).toEqual({ status: 'retry_later', reason: 'throttled', retryAfterMs: 30_000 });
    expect(standIn.ledger.receipts.has('R-429b')).toBe(false);
  });

  it('malformed JSON after a sign-up was applied: retry_later, and the retry maps to the same contact', async () => {
    const c = connector();
    standIn.faults.add({ kind: 'malformed', count: 1, method: 'POST', path: '/api/v2/contacts' });
    expect(await c.push?.signUp(signup('+46705550009', null), 's1')).toEqual({ status: 'retry_later', reason: 'malformed_response' });
    const [created] = standIn.contacts.match('mobilePhone', '+46705550009');
    expect(await c.push?.signUp(signup('+46705550009', null), 's1')).toEqual({ status: 'duplicate', value: { profileId: created?.id } });
    expect(standIn.contacts.size).toBe(1);
  });

  it('malformed JSON after a redemption was applied: retry_later, and the retry under the same key is not applied again', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.setBalance(contact.id, 500);
    const key = uuidv7();
    const c = connector();
    standIn.faults.add({ kind: 'malformed', count: 1, path: '/api/v2/point-accounts/point-transactions' });
    const at = Date.now();
    expect(await c.push?.redeem(contact.id, 100, key, at)).toEqual({ status: 'retry_later', reason: 'malformed_response' });
    expect(await c.push?.redeem(contact.id, 100, key, at)).toEqual({ status: 'accepted', value: { pointsBalance: 400 } });
    expect(standIn.ledger.balance(contact.id)).toBe(400);
    expect(standIn.ledger.pointTransactions).toHaveLength(1);
  });

  it('malformed JSON on a lookup is retry_later, never a member made of garbage', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.faults.add({ kind: 'malformed', count: 1 });
    expect(await connector().lookup(contact.id)).toEqual({ status: 'retry_later', reason: 'malformed_response' });
  });

  it('a receipt of nobody is rejected no_contact (Voyado keeps receipts on contacts only), without a request', async () => {
    expect(await connector().push?.receipt(receipt('R-anon'), null, 's1')).toEqual({ status: 'rejected', reason: 'no_contact' });
    expect(standIn.requests).toHaveLength(0);
  });

  it('a receipt Voyado refuses (400 with an errorCode) is rejected with that code', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    expect(await connector().push?.receipt({ ...receipt('R-bad'), currency: 'SEK', lines: [] } as never, contact.id, 's1')).toEqual({ status: 'rejected', reason: 'voyado:InvalidModel' });
  });
});
