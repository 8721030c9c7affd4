import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { CrmPromotions } from '../../../hub/connectors/crmConnector';
import { DOCUMENTED_PROMOTION, startVoyadoStandIn } from '../../support/voyadoStandIn';
import type { VoyadoStandIn } from '../../support/voyadoStandIn';

// "Redeem a promotion" (Engage v2) against the stand-in over real HTTP on 127.0.0.1; docs/connectors.md maps each test
// to the documented rule it covers.

let standIn: VoyadoStandIn;
beforeEach(async () => {
  standIn = await startVoyadoStandIn();
});
afterEach(async () => {
  await standIn.close();
});

function promotions(): CrmPromotions {
  const connector = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: '9.8.7', timeoutMs: 500 });
  if (!connector.promotions) throw new Error('the Voyado connector redeems promotions');
  return connector.promotions;
}

const fresh = { resumed: false };
const redeemCalls = () => standIn.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/promotions/codes/'));

async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${standIn.url}${path}`, { method: 'POST', headers: { apikey: standIn.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json().catch(() => null) };
}

describe('the stand-in keeps the documented rules of POST /api/v2/promotions/codes/{id}/redeem', () => {
  it.each([
    ['a channel that is none of ECOM, POS, OTHER', 'bb247ef7-80bb-440c-beb7-ab4172e56666', { redemptionChannel: 'SHOP' }, 400, 'NotAValidRedemptionChannel'],
    ['an id that is not one', 'not-a-guid', { redemptionChannel: 'POS' }, 400, 'InvalidPromotionIdNoData'],
    ['an id nobody holds', randomUUID(), { redemptionChannel: 'POS' }, 404, 'PromotionNotFound'],
    ['the template\'s promotionId instead of the instance id', DOCUMENTED_PROMOTION.promotionId, { redemptionChannel: 'POS' }, 404, 'PromotionNotFound'],
  ])('%s → %i %s', async (_what, id, body, status, errorCode) => {
    standIn.ledger.addPromotion(standIn.contacts.add({ firstName: 'Ebba' }).id, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    expect(await post(`/api/v2/promotions/codes/${id}/redeem`, body)).toMatchObject({ status, json: { errorCode } });
  });

  it('redeems an instance once on a channel it has, and then no longer lists it', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    const webOnly = standIn.ledger.addPromotion(contact.id, { name: 'Webb', redemptionChannels: [{ type: 'ECOM', valueType: 'PERCENT', value: '5', instruction: null }] });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    expect(await post(`/api/v2/promotions/codes/${webOnly.id}/redeem`, { redemptionChannel: 'POS' })).toMatchObject({ status: 409, json: { errorCode: 'PromotionNotValidForRedemptionChannel' } });
    expect((await post(`/api/v2/promotions/codes/${DOCUMENTED_PROMOTION.id}/redeem`, { redemptionChannel: 'POS' })).status).toBe(200);
    expect(await post(`/api/v2/promotions/codes/${DOCUMENTED_PROMOTION.id}/redeem`, { redemptionChannel: 'POS' })).toMatchObject({ status: 409, json: { errorCode: 'PromotionAlreadyRedeemed' } });
  });
});

describe('the Voyado connector redeems a member\'s POS promotion at the till', () => {
  it('sends the instance id with redemptionChannel POS, once: the documented example', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: '20 % på kaffe' });

    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), fresh)).toEqual({ status: 'accepted', value: { title: '20 % på kaffe' } });

    expect(redeemCalls().map((r) => r.path)).toEqual([`/api/v2/promotions/codes/${DOCUMENTED_PROMOTION.id}/redeem`]);
    expect(standIn.ledger.promotionRedemptions.get(DOCUMENTED_PROMOTION.id)).toEqual({ contactId: contact.id.toLowerCase(), channel: 'POS', requests: 1 });
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), fresh)).toEqual({ status: 'rejected', reason: 'not_found' });
    expect(redeemCalls()).toHaveLength(1);
  });

  it('refuses another contact\'s promotion without redeeming it (the endpoint takes no contact: the contact\'s list decides)', async () => {
    const ebba = standIn.contacts.add({ firstName: 'Ebba' });
    const olle = standIn.contacts.add({ firstName: 'Olle' });
    const ollesOwn = standIn.ledger.addPromotion(olle.id, { name: 'Olles kaffe' });

    expect(await promotions().redeem([ebba.id], ollesOwn.id, Date.now(), fresh)).toEqual({ status: 'rejected', reason: 'not_found' });

    expect(redeemCalls()).toEqual([]);
    expect(standIn.ledger.promotionRedemptions.size).toBe(0);
    expect(await promotions().redeem([olle.id], ollesOwn.id, Date.now(), fresh)).toMatchObject({ status: 'accepted' });
  });

  it.each([
    ['an unknown id', () => randomUUID(), { resumed: true }, 'not_found'],
    ['an id that is not a GUID', () => 'offer-1', fresh, 'not_found'],
    ['a promotion past its expiresOn', (contactId: string) => standIn.ledger.addPromotion(contactId, { name: 'Gick ut', expiresOn: '2020-01-01T00:00:00Z' }).id, fresh, 'expired'],
    ['an ECOM-only promotion (not listed for POS; sent anyway on a resumed attempt)', (contactId: string) => standIn.ledger.addPromotion(contactId, {
      name: 'Webb', redemptionChannels: [{ type: 'ECOM', valueType: 'PERCENT', value: '5', instruction: null }],
    }).id, { resumed: true }, 'not_at_pos'],
  ])('%s is refused: %s', async (_what, idOf, options, reason) => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    expect(await promotions().redeem([contact.id], idOf(contact.id), Date.now(), options)).toEqual({ status: 'rejected', reason });
    expect(standIn.ledger.promotionRedemptions.size).toBe(0);
  });

  it('answers retry_later on a 5xx or a timeout, redeeming nothing', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    standIn.faults.add({ kind: 'server_error', count: 1, path: '/api/v2/promotions/codes/', method: 'POST' });
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), fresh)).toMatchObject({ status: 'retry_later' });
    standIn.faults.add({ kind: 'timeout', count: 1, path: '/api/v2/contacts/' });
    // The list read timed out: nothing was sent, and `sending` was never called (no retry may take it for a lost redeem).
    const marks: string[] = [];
    const sending = async () => void marks.push('sending');
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), { resumed: false, sending })).toEqual({ status: 'retry_later', reason: 'timeout' });
    expect(marks).toEqual([]);
    expect(standIn.ledger.promotionRedemptions.size).toBe(0);
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), { resumed: false, sending })).toMatchObject({ status: 'accepted' });
    expect(marks).toEqual(['sending']);
  });

  it('an id spelt otherwise than the summary gave it (the GUID in capitals) is no offer: refused, nothing sent', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id.toUpperCase(), Date.now(), fresh)).toEqual({ status: 'rejected', reason: 'not_found' });
    expect(redeemCalls()).toEqual([]);
  });

  it('an attempt whose answer was lost, resumed, hears PromotionAlreadyRedeemed: duplicate, for the hub to call its own', async () => {
    const contact = standIn.contacts.add({ firstName: 'Ebba' });
    standIn.ledger.addPromotion(contact.id, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    standIn.faults.add({ kind: 'malformed', count: 1, path: '/api/v2/promotions/codes/', method: 'POST' });

    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), fresh)).toEqual({ status: 'retry_later', reason: 'malformed_response' });
    expect(standIn.ledger.promotionRedemptions.has(DOCUMENTED_PROMOTION.id)).toBe(true);
    expect(await promotions().redeem([contact.id], DOCUMENTED_PROMOTION.id, Date.now(), { resumed: true })).toEqual({ status: 'duplicate', value: { title: 'Voyado' } });
    expect(standIn.ledger.promotionRedemptions.get(DOCUMENTED_PROMOTION.id)?.requests).toBe(2);
  });
});
