import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createVoyadoConnector } from '../../hub/connectors/voyado/voyadoConnector';
import { writeTransaction } from '../../hub/db/sql';
import { PENDING_CLAIM_HOLD_MS } from '../../hub/promotions/promotionDesk';
import type { PromotionExchange } from '../../sync/client/promotionClient';
import { ProfileSummaryResponseSchema, profileSummaryPath } from '../../sync/protocol/profileSummary';
import type { ProfileSummaryResponse } from '../../sync/protocol/profileSummary';
import type { PromotionRedemptionRequest } from '../../sync/protocol';
import { DOCUMENTED_PROMOTION, DOCUMENTED_VOUCHER, startVoyadoStandIn } from '../support/voyadoStandIn';
import type { VoyadoStandIn } from '../support/voyadoStandIn';
import { HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';
import { tillRedeemClients } from './support/tillRedeemClients';
import type { TillRedeemClients } from './support/tillRedeemClients';

// A till redeems a member's Voyado promotion or reward voucher through the hub, against the Voyado stand-in on 127.0.0.1.
describe.each(HUB_ENGINES)('promotion redemption through the hub to Voyado, on %s', (engine) => {
  let standIn: VoyadoStandIn;
  let under: HubUnderTest;
  let clients: TillRedeemClients;

  beforeAll(async () => {
    standIn = await startVoyadoStandIn();
    under = await startHub(engine, { connector: createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'test', timeoutMs: 1_000 }), summaryCrmBudgetMs: 5_000 });
    clients = tillRedeemClients(await tillOnHub(under.hub));
  });
  afterAll(async () => {
    clients?.close();
    await clients?.till.close();
    await under?.close();
    await standIn?.close();
  });

  /** A Voyado contact the hub mirrors, verified at the till a moment ago (a simulated BankID order): its id and the proof. */
  async function verifiedContact(firstName: string): Promise<{ contactId: string; verificationId: string }> {
    const contact = standIn.contacts.add({ firstName });
    const now = Date.now();
    await writeTransaction(under.hub.parts.db, (tx) => under.hub.parts.mirror.upsert(tx, {
      profileId: contact.id, firstName, lastName: null, displayName: firstName, tier: null, pointsBalance: 0, pointsAsOf: now, identifiers: [],
    }, now));
    const started = await clients.stepUp.start({ profileId: contact.id, method: 'bankid' });
    if (started.outcome !== 'answered' || started.answer.outcome !== 'started') throw new Error('no verification');
    const order = await under.hub.parts.stepUp.lastBankIdOrder(contact.id, Date.now());
    if (!order) throw new Error('no BankID order');
    expect(await under.hub.parts.stepUp.bankIdAction(order.orderRef, { kind: 'approve' }, Date.now())).toMatchObject({ ok: true });
    return { contactId: contact.id, verificationId: started.answer.verification.verificationId };
  }

  const redeem = (request: PromotionRedemptionRequest): Promise<PromotionExchange> => clients.redeem(request);
  /** The member's summary as the till asks the hub for it (the till's own client, with the tests' patient timeouts). */
  async function summaryAtTill(profileId: string): Promise<ProfileSummaryResponse> {
    const { http } = await clients.keeper.current();
    return http.request({ method: 'GET', path: profileSummaryPath(profileId), schema: ProfileSummaryResponseSchema, idempotent: true });
  }
  const voucherPosts = () => standIn.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v3/reward-vouchers/')).length;
  const redeemPosts = () => standIn.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/promotions/codes/')).length;

  it('redeems the member\'s POS promotion at Voyado once: a retry is answered by the hub, another key is refused without asking Voyado', async () => {
    const { contactId, verificationId } = await verifiedContact('Ebba');
    const promotion = standIn.ledger.addPromotion(contactId, { name: '20 % på kaffe' });
    const request = { idempotencyKey: uuidv7(), profileId: contactId, offerId: promotion.id, verificationId };
    const posts = redeemPosts();

    const first = await redeem(request);

    expect(first).toMatchObject({ outcome: 'redeemed', redemption: { offerId: promotion.id, title: '20 % på kaffe' } });
    expect(await redeem(request)).toEqual(first);
    expect(await redeem({ ...request, idempotencyKey: uuidv7() })).toEqual({ outcome: 'offer_not_available', reason: 'already_redeemed' });
    expect(redeemPosts() - posts).toBe(1);
    expect(standIn.ledger.promotionRedemptions.get(promotion.id)).toMatchObject({ channel: 'POS', requests: 1 });
  });

  it('settles a redemption whose answer Voyado lost by the retry under its key: redeemed once, counted once', async () => {
    const { contactId, verificationId } = await verifiedContact('Olle');
    standIn.ledger.addPromotion(contactId, { ...DOCUMENTED_PROMOTION, name: 'Kaffe' });
    const request = { idempotencyKey: uuidv7(), profileId: contactId, offerId: DOCUMENTED_PROMOTION.id, verificationId };
    standIn.faults.add({ kind: 'malformed', count: 1, path: '/api/v2/promotions/codes/', method: 'POST' });

    let answer = await redeem(request);
    if (answer.outcome === 'crm_unavailable') answer = await redeem(request);

    expect(answer).toMatchObject({ outcome: 'redeemed', redemption: { offerId: DOCUMENTED_PROMOTION.id } });
    expect(standIn.ledger.promotionRedemptions.get(DOCUMENTED_PROMOTION.id)).toMatchObject({ requests: 2 });
    expect(await redeem({ ...request, idempotencyKey: uuidv7() })).toEqual({ outcome: 'offer_not_available', reason: 'already_redeemed' });
  });

  it('answers crm_unavailable while Voyado fails, redeeming nothing; refuses another contact\'s promotion', async () => {
    const { contactId, verificationId } = await verifiedContact('Stina');
    const promotion = standIn.ledger.addPromotion(contactId, { name: 'Glass' });
    standIn.faults.add({ kind: 'server_error', count: 10, path: `/api/v2/contacts/${contactId}/promotions` });
    expect(await redeem({ idempotencyKey: uuidv7(), profileId: contactId, offerId: promotion.id, verificationId })).toEqual({ outcome: 'crm_unavailable' });
    expect(standIn.ledger.promotionRedemptions.has(promotion.id)).toBe(false);
    standIn.faults.clear();

    const stranger = standIn.ledger.addPromotion(standIn.contacts.add({ firstName: 'Per' }).id, { name: 'Pers kaffe' });
    expect(await redeem({ idempotencyKey: uuidv7(), profileId: contactId, offerId: stranger.id, verificationId })).toEqual({ outcome: 'offer_not_available', reason: 'not_found' });
    expect(standIn.ledger.promotionRedemptions.has(stranger.id)).toBe(false);
  });

  it('shows the member\'s reward voucher in the till\'s summary and redeems it at Voyado once; then the summary no longer offers it', async () => {
    const { contactId, verificationId } = await verifiedContact('Vera');
    standIn.ledger.addVoucher(contactId, { ...DOCUMENTED_VOUCHER, redeemed: false, redeemedOn: null, expiresOn: '2099-01-01T00:00:00Z' });
    const offerId = `voucher-${DOCUMENTED_VOUCHER.id}`;

    expect((await summaryAtTill(contactId)).offers).toEqual([
      { id: offerId, title: '195 SEK · Bonus payment 2017-04-12 07:00', validUntil: '2099-01-01T00:00:00.000Z', personal: true, redeemable: true },
    ]);
    const posts = voucherPosts();
    const request = { idempotencyKey: uuidv7(), profileId: contactId, offerId, verificationId };
    const first = await redeem(request);

    expect(first).toMatchObject({ outcome: 'redeemed', redemption: { profileId: contactId, offerId, title: '195 SEK · Bonus payment 2017-04-12 07:00' } });
    expect(await redeem(request)).toEqual(first);
    expect(await redeem({ ...request, idempotencyKey: uuidv7() })).toEqual({ outcome: 'offer_not_available', reason: 'already_redeemed' });
    expect(voucherPosts() - posts).toBe(1);
    expect(standIn.ledger.voucherRedeemRequests.get(DOCUMENTED_VOUCHER.id)).toBe(1);
    expect((await summaryAtTill(contactId)).offers).toEqual([]);
  });

  it('a voucher needs the same proof as a promotion: without a verification of this member nothing reaches Voyado', async () => {
    const { contactId } = await verifiedContact('Tove');
    const other = await verifiedContact('Ulla');
    const voucher = standIn.ledger.addVoucher(contactId, { expiresOn: '2099-01-01T00:00:00Z' });
    const posts = voucherPosts();
    expect(await redeem({ idempotencyKey: uuidv7(), profileId: contactId, offerId: `voucher-${voucher.id}`, verificationId: other.verificationId }))
      .toEqual({ outcome: 'step_up_required', reason: 'other_profile' });
    expect(voucherPosts() - posts).toBe(0);
    expect(voucher.redeemed).toBe(false);
  });

  it('a failed read of the member\'s vouchers or promotions leaves no claim its retry could settle: another contact\'s offer stays refused and unspent', async () => {
    const { contactId, verificationId } = await verifiedContact('Wilma');
    const stranger = standIn.contacts.add({ firstName: 'Xena' });
    const voucher = standIn.ledger.addVoucher(stranger.id, { expiresOn: '2099-01-01T00:00:00Z' });
    const promotion = standIn.ledger.addPromotion(stranger.id, { name: 'Xenas kaffe' });
    const attempts = [
      { offerId: `voucher-${voucher.id}`, failing: `/api/v3/reward-vouchers/available` },
      { offerId: promotion.id, failing: `/api/v2/contacts/${contactId}/promotions` },
    ];
    for (const { offerId, failing } of attempts) {
      standIn.faults.add({ kind: 'server_error', count: 1, path: failing });
      const request = { idempotencyKey: uuidv7(), profileId: contactId, offerId, verificationId };
      // The till's client may retry the 503 by itself; either way the same key is asked again.
      let answer = await redeem(request);
      if (answer.outcome === 'crm_unavailable') answer = await redeem(request);
      expect(answer).toEqual({ outcome: 'offer_not_available', reason: 'not_found' });
    }
    expect(voucher.redeemed).toBe(false);
    expect(standIn.ledger.voucherRedeemRequests.has(voucher.id)).toBe(false);
    expect(standIn.ledger.promotionRedemptions.has(promotion.id)).toBe(false);
  });

  it('a claim a dead hub left pending is checked afresh if it never reached Voyado, and settled by its retry if it did', async () => {
    const { contactId, verificationId } = await verifiedContact('Yrsa');
    const stranger = standIn.contacts.add({ firstName: 'Zelda' });
    const strangers = standIn.ledger.addPromotion(stranger.id, { name: 'Zeldas kaffe' });
    const own = standIn.ledger.addPromotion(contactId, { name: 'Yrsas bulle' });
    const longAgo = Date.now() - PENDING_CLAIM_HOLD_MS - 1_000;
    const leftPending = (offerId: string, key: string, sentAt: number | null) => under.hub.parts.db.query(
      "INSERT INTO promotion_redemptions (offer_id, profile_id, state, idempotency_key, unconfirmed_key, till_id, updated_at, sent_at) VALUES ($1, $2, 'pending', $3, NULL, NULL, $4, $5)",
      [offerId, contactId, key, longAgo, sentAt],
    );

    // Died before its request went: the retry under its key is no lost answer, so the list decides (not hers).
    const unsent = uuidv7();
    await leftPending(strangers.id, unsent, null);
    expect(await redeem({ idempotencyKey: unsent, profileId: contactId, offerId: strangers.id, verificationId })).toEqual({ outcome: 'offer_not_available', reason: 'not_found' });
    expect(standIn.ledger.promotionRedemptions.has(strangers.id)).toBe(false);

    // Died after Voyado redeemed it: the retry under its key hears PromotionAlreadyRedeemed, and that is its success.
    const sent = uuidv7();
    await leftPending(own.id, sent, longAgo);
    standIn.ledger.promotionRedemptions.set(own.id, { contactId: contactId.toLowerCase(), channel: 'POS', requests: 1 });
    expect(await redeem({ idempotencyKey: sent, profileId: contactId, offerId: own.id, verificationId })).toMatchObject({ outcome: 'redeemed', redemption: { offerId: own.id } });
  });
});
