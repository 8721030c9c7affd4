import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { CrmConnector, CrmPromotions } from '../../../hub/connectors/crmConnector';
import { DOCUMENTED_PROMOTION, DOCUMENTED_VOUCHER, startVoyadoStandIn } from '../../support/voyadoStandIn';
import type { VoyadoStandIn } from '../../support/voyadoStandIn';

// Reward vouchers ("Vouchers", Engage v3) against the stand-in over real HTTP on 127.0.0.1: the summary's offers and
// their redemption at a till. docs/connectors.md maps each test to the documented rule it covers.

let standIn: VoyadoStandIn;
beforeEach(async () => {
  standIn = await startVoyadoStandIn();
});
afterEach(async () => {
  await standIn.close();
});

function connector(): CrmConnector {
  return createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: '9.8.7', timeoutMs: 500 });
}

function redeemer(): CrmPromotions {
  const promotions = connector().promotions;
  if (!promotions) throw new Error('the Voyado connector redeems offers');
  return promotions;
}

const fresh = { resumed: false };
const future = '2099-01-01T00:00:00.000Z';
/** The documented voucher, still available (the example prints a redeemed one). */
const available = { ...DOCUMENTED_VOUCHER, redeemed: false, redeemedOn: null, expiresOn: future };
const redeemCalls = () => standIn.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v3/reward-vouchers/'));

async function call(method: 'GET' | 'POST', path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${standIn.url}${path}`, { method, headers: { apikey: standIn.apiKey, 'content-type': 'application/json' } });
  return { status: response.status, json: await response.json().catch(() => null) };
}

describe('the stand-in keeps the documented rules of /api/v3/reward-vouchers', () => {
  it('lists a contact\'s vouchers as the documented page: all, available, redeemed', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addVoucher(contact.id, DOCUMENTED_VOUCHER);
    const open = standIn.ledger.addVoucher(contact.id, { name: 'Bonuscheck', expiresOn: future });

    expect(await call('GET', `/api/v3/reward-vouchers?contactId=${contact.id}`)).toEqual({ status: 200, json: { count: 2, offset: 0, items: [DOCUMENTED_VOUCHER, open], totalCount: 2 } });
    expect(await call('GET', `/api/v3/reward-vouchers/available?contactId=${contact.id}`)).toMatchObject({ json: { items: [{ id: open.id }], totalCount: 1 } });
    expect(await call('GET', `/api/v3/reward-vouchers/redeemed?contactId=${contact.id}`)).toMatchObject({ json: { items: [{ id: DOCUMENTED_VOUCHER.id }], totalCount: 1 } });
    expect(await call('GET', '/api/v3/reward-vouchers/available?contactId=nobody')).toMatchObject({ status: 400, json: { errorCode: 'InvalidContactId' } });
  });

  it.each([
    ['an id that is not one', () => 'not-a-guid', 400, 'InvalidRewardVoucherId'],
    ['an id nobody holds', () => randomUUID(), 404, 'RewardVoucherNotFound'],
    ['a redeemed voucher', (contactId: string) => standIn.ledger.addVoucher(contactId, DOCUMENTED_VOUCHER).id, 409, 'RewardVoucherAlreadyRedeemed'],
    ['a voucher past its expiresOn', (contactId: string) => standIn.ledger.addVoucher(contactId, { expiresOn: '2020-01-01T00:00:00Z' }).id, 409, 'RewardVoucherExpired'],
  ])('redeeming %s → %i %s', async (_what, idOf, status, errorCode) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    expect(await call('POST', `/api/v3/reward-vouchers/${idOf(contact.id)}/redeem`)).toMatchObject({ status, json: { errorCode } });
  });

  it('redeems a voucher once, with no contact named, and then lists it as redeemed', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, available);
    expect((await call('POST', `/api/v3/reward-vouchers/${voucher.id}/redeem`)).status).toBe(200);
    expect(await call('POST', `/api/v3/reward-vouchers/${voucher.id}/redeem`)).toMatchObject({ status: 409, json: { errorCode: 'RewardVoucherAlreadyRedeemed' } });
    expect(await call('GET', `/api/v3/reward-vouchers/available?contactId=${contact.id}`)).toMatchObject({ json: { items: [] } });
    expect(await call('GET', `/api/v3/reward-vouchers/redeemed?contactId=${contact.id}`)).toMatchObject({ json: { items: [{ id: voucher.id, redeemed: true }] } });
  });
});

describe('the summary shows a member\'s available vouchers beside the POS promotions', () => {
  it('the documented voucher, available, becomes an offer that says its value first; redeemed and expired ones do not', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addVoucher(contact.id, available);
    standIn.ledger.addVoucher(contact.id, { name: 'Använd', redeemed: true, redeemedOn: '2024-01-01T00:00:00Z' });
    standIn.ledger.addVoucher(contact.id, { name: 'Gick ut', expiresOn: '2020-01-01T00:00:00Z' });
    standIn.ledger.addVoucher(contact.id, { name: 'Euro', value: { currency: 'EUR', amount: 19.5 } });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: '20 % på kaffe' });

    expect(await connector().activity?.([contact.id], Date.now())).toEqual({
      status: 'accepted',
      value: {
        offers: [
          { id: `voucher-${DOCUMENTED_VOUCHER.id}`, title: '195 SEK · Bonus payment 2017-04-12 07:00', validUntil: future, personal: true, redeemable: true },
          { id: expect.stringMatching(/^voucher-[0-9a-f-]{36}$/), title: '19.50 EUR · Euro', personal: true, redeemable: true },
          { id: DOCUMENTED_PROMOTION.id, title: '20 % på kaffe', personal: true, redeemable: true },
        ],
        purchases: [],
      },
    });
    expect(standIn.requests.map((r) => `${r.method} ${r.path}${r.query}`)).toContain(`GET /api/v3/reward-vouchers/available?contactId=${contact.id}`);
  });

  it('leaves out a voucher past its expiresOn on the hub\'s clock, though Voyado still lists it', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addVoucher(contact.id, { name: 'Snart slut', expiresOn: new Date(Date.now() + 60_000).toISOString() });
    standIn.ledger.addVoucher(contact.id, { name: 'Kvar', expiresOn: future });
    const later = Date.now() + 120_000;
    expect(await connector().activity?.([contact.id], later)).toMatchObject({ status: 'accepted', value: { offers: [{ title: '100 SEK · Kvar' }] } });
  });

  it('vouchers Voyado cannot give now leave only themselves out: the promotions still show, and the other way round', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addVoucher(contact.id, available);
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: '20 % på kaffe' });

    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v3/reward-vouchers/' });
    expect(await connector().activity?.([contact.id], Date.now())).toMatchObject({ status: 'accepted', value: { offers: [{ id: DOCUMENTED_PROMOTION.id }] } });

    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v2/contacts/' });
    expect(await connector().activity?.([contact.id], Date.now())).toMatchObject({ status: 'accepted', value: { offers: [{ id: `voucher-${DOCUMENTED_VOUCHER.id}` }] } });

    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v3/reward-vouchers/' });
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v2/contacts/' });
    expect(await connector().activity?.([contact.id], Date.now())).toMatchObject({ status: 'retry_later' });
  });
});

describe('the Voyado connector redeems a member\'s voucher at the till', () => {
  it('sends the voucher id to the v3 redeem endpoint, once, and names the voucher as the summary did', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addVoucher(contact.id, available);

    expect(await redeemer().redeem([contact.id], `voucher-${DOCUMENTED_VOUCHER.id}`, Date.now(), fresh)).toEqual({ status: 'accepted', value: { title: '195 SEK · Bonus payment 2017-04-12 07:00' } });

    expect(redeemCalls().map((r) => r.path)).toEqual([`/api/v3/reward-vouchers/${DOCUMENTED_VOUCHER.id}/redeem`]);
    expect(standIn.ledger.vouchers.get(contact.id.toLowerCase())?.[0]).toMatchObject({ redeemed: true });
    // Redeemed: no longer available, so a fresh attempt is refused without asking Voyado to redeem it again.
    expect(await redeemer().redeem([contact.id], `voucher-${DOCUMENTED_VOUCHER.id}`, Date.now(), fresh)).toEqual({ status: 'rejected', reason: 'not_found' });
    expect(redeemCalls()).toHaveLength(1);
  });

  it('refuses another contact\'s voucher without redeeming it (the endpoint takes no contact: the contact\'s list decides)', async () => {
    const ebba = standIn.contacts.add({ firstName: 'Ebba' });
    const olle = standIn.contacts.add({ firstName: 'Olle' });
    const ollesOwn = standIn.ledger.addVoucher(olle.id, { expiresOn: future });

    expect(await redeemer().redeem([ebba.id], `voucher-${ollesOwn.id}`, Date.now(), fresh)).toEqual({ status: 'rejected', reason: 'not_found' });

    expect(redeemCalls()).toEqual([]);
    expect(ollesOwn.redeemed).toBe(false);
    expect(await redeemer().redeem([olle.id], `voucher-${ollesOwn.id}`, Date.now(), fresh)).toMatchObject({ status: 'accepted' });
  });

  it('a voucher of a contact merged into the member is the member\'s', async () => {
    const survivor = standIn.contacts.add({ firstName: 'Ebba' });
    const merged = standIn.contacts.add({ firstName: 'Ebba gammal' });
    const voucher = standIn.ledger.addVoucher(merged.id, { expiresOn: future });
    expect(await redeemer().redeem([survivor.id, merged.id], `voucher-${voucher.id}`, Date.now(), fresh)).toMatchObject({ status: 'accepted' });
    expect(voucher.redeemed).toBe(true);
  });

  it.each([
    ['an unknown id', () => randomUUID(), { resumed: true }, 'not_found'],
    ['an id that is not a GUID', () => 'bonus-1', fresh, 'not_found'],
    ['a voucher that expired since the summary (expired on the hub\'s clock)', (contactId: string) => standIn.ledger.addVoucher(contactId, { expiresOn: new Date(Date.now() + 60_000).toISOString() }).id, fresh, 'expired'],
  ])('%s is refused: %s', async (_what, idOf, options, reason) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const now = Date.now() + 120_000;
    expect(await redeemer().redeem([contact.id], `voucher-${idOf(contact.id)}`, now, options)).toEqual({ status: 'rejected', reason });
    expect([...standIn.ledger.vouchers.values()].flat().filter((v) => v.redeemed)).toEqual([]);
  });

  it('a voucher Voyado calls expired when the hub did not is refused as expired (RewardVoucherExpired)', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, { expiresOn: future });
    // Resumed: sent although the list (read at the stand-in's time) no longer holds it.
    voucher.expiresOn = '2020-01-01T00:00:00Z';
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), { resumed: true })).toEqual({ status: 'rejected', reason: 'expired' });
    expect(voucher.redeemed).toBe(false);
  });

  it('answers retry_later on a 5xx or a timeout, redeeming nothing', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, available);
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v3/reward-vouchers/', method: 'POST' });
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), fresh)).toMatchObject({ status: 'retry_later' });
    standIn.faults.add({ kind: 'timeout', count: 1, path: '/api/v3/reward-vouchers/available' });
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), fresh)).toEqual({ status: 'retry_later', reason: 'timeout' });
    expect(voucher.redeemed).toBe(false);
  });

  it('an attempt whose answer was lost, resumed, hears RewardVoucherAlreadyRedeemed: duplicate, for the hub to call its own', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, available);
    standIn.faults.add({ kind: 'malformed', count: 1, path: '/api/v3/reward-vouchers/', method: 'POST' });

    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), fresh)).toEqual({ status: 'retry_later', reason: 'malformed_response' });
    expect(voucher.redeemed).toBe(true);
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), { resumed: true })).toEqual({ status: 'duplicate', value: { title: '195 SEK · Bonus payment 2017-04-12 07:00' } });
    expect(standIn.ledger.voucherRedeemRequests.get(voucher.id)).toBe(2);
  });

  it('a resumed attempt is still refused another contact\'s voucher: all of the member\'s vouchers are read before it is sent again', async () => {
    const ebba = standIn.contacts.add({ firstName: 'Ebba' });
    const olle = standIn.contacts.add({ firstName: 'Olle' });
    const ollesOwn = standIn.ledger.addVoucher(olle.id, { expiresOn: future });
    expect(await redeemer().redeem([ebba.id], `voucher-${ollesOwn.id}`, Date.now(), { resumed: true })).toEqual({ status: 'rejected', reason: 'not_found' });
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v3/reward-vouchers/available', 'GET /api/v3/reward-vouchers']);
    expect(ollesOwn.redeemed).toBe(false);
  });

  it('when the member\'s vouchers cannot be read, nothing is sent and `sending` is never called (no retry may take it for a lost redeem)', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, available);
    const marks: string[] = [];
    const sending = async () => void marks.push('sending');
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v3/reward-vouchers/available' });
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), { resumed: false, sending })).toMatchObject({ status: 'retry_later' });
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v3/reward-vouchers', method: 'GET' });
    expect(await redeemer().redeem([contact.id], `voucher-${randomUUID()}`, Date.now(), { resumed: true, sending })).toMatchObject({ status: 'retry_later' });
    expect(redeemCalls()).toEqual([]);
    expect(marks).toEqual([]);
    expect(voucher.redeemed).toBe(false);
    expect(await redeemer().redeem([contact.id], `voucher-${voucher.id}`, Date.now(), { resumed: false, sending })).toMatchObject({ status: 'accepted' });
    expect(marks).toEqual(['sending']);
  });

  it.each([
    ['the prefix in capitals', (id: string) => `VOUCHER-${id}`],
    ['the GUID in capitals', (id: string) => `voucher-${id.toUpperCase()}`],
    ['no prefix', (id: string) => id],
  ])('an offer id spelt otherwise than the summary gave it (%s) is no offer: refused, nothing sent', async (_what, spell) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const voucher = standIn.ledger.addVoucher(contact.id, available);
    expect(await redeemer().redeem([contact.id], spell(voucher.id), Date.now(), { resumed: true })).toEqual({ status: 'rejected', reason: 'not_found' });
    expect(redeemCalls()).toEqual([]);
  });
});
