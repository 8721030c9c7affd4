import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedeemOfferAnswerSchema, StepUpRequiredProblemSchema, StepUpViewSchema } from '../../../main/api/contract/stepUp';
import type { Assurance } from '../../../main/identify/types';
import type { DemoMember } from '../../../hub/connectors/demo/demoMembers';
import { PROMOTION_RULES } from '../../../sync/protocol';
import { crmAdmin } from '../sync/support/crmAdmin';
import { StepUpTill } from './support/stepUpTill';

// POST /api/v1/offers/redeem: a real till's step-up service behind the POS API, a real hub with the demo connector.

let till: StepUpTill;

beforeAll(async () => {
  till = await StepUpTill.start();
});
afterEach(async () => {
  till.online = true;
  await crmAdmin(till.crm).faults({});
});
afterAll(async () => {
  await till.close();
});

/** Demo member `index` at the till at `assurance`, with the CRM's offers held; answers the member and their first offer's id. */
async function customerWithOffer(index: number, assurance: Assurance): Promise<{ member: DemoMember; offerId: string; title: string }> {
  const member = till.identify(index);
  const current = till.session.get();
  if (!current) throw new Error('no customer');
  till.session.set({ ...current, assurance });
  const [offer] = await till.holdOffers(member.profileId);
  if (!offer) throw new Error('the demo member has no offer');
  return { member, offerId: offer.id, title: offer.title };
}

/** A BankID verification started from the POS API for an offer, and approved in the (simulated) app. */
async function verifyByBankId(member: DemoMember): Promise<void> {
  const started = await till.call('POST', '/api/v1/step-up', { method: 'bankid', forOffer: true });
  expect(started.status).toBe(201);
  const view = StepUpViewSchema.parse(started.json);
  const { orderRef } = await till.admin.bankIdOrder(member.profileId);
  await till.admin.bankId(orderRef, 'approve');
  await till.waitFor('stepup.completed', (e) => e.verification.verificationId === view.verificationId);
}

/** Whether the hub still lists the offer in the member's summary (it leaves out redeemed ones). */
async function stillOffered(profileId: string, offerId: string): Promise<boolean> {
  return (await till.holdOffers(profileId)).some((o) => o.id === offerId);
}

const redeem = (offerId: string, receiptId?: string) => till.call('POST', '/api/v1/offers/redeem', { offerId, ...(receiptId ? { receiptId } : {}) });

describe('POST /api/v1/offers/redeem', () => {
  it.each(['claimed', 'verified'] as const)('asks a %s customer who did not show a member QR for a step-up first, and redeems nothing', async (assurance) => {
    const { member, offerId } = await customerWithOffer(0, assurance);
    const answer = await redeem(offerId);
    expect(answer.status).toBe(403);
    expect(StepUpRequiredProblemSchema.parse(answer.json)).toMatchObject({
      action: 'use_personal_offer', required: 'verified', current: assurance, methods: ['sms', 'email_link', 'bankid'], present: [], offline: false,
    });
    expect(await stillOffered(member.profileId, offerId)).toBe(true);
  });

  it('after a step-up, redeems the offer at the CRM once; the screens hear of it and the offer is gone', async () => {
    const { member, offerId, title } = await customerWithOffer(1, 'verified');
    await verifyByBankId(member);

    const answer = await redeem(offerId, 'R-7');

    expect(answer.status).toBe(200);
    expect(RedeemOfferAnswerSchema.parse(answer.json)).toMatchObject({ status: 'redeemed', offer: { id: offerId, title } });
    expect(await till.waitFor('offer.redeemed', (e) => e.offer.id === offerId)).toMatchObject({ profileId: member.profileId, receiptId: 'R-7' });
    expect(till.heldOffers.get(member.profileId)?.map((o) => o.id)).not.toContain(offerId);
    expect(await stillOffered(member.profileId, offerId)).toBe(false);
    expect(await redeem(offerId)).toMatchObject({ status: 409, json: { reason: 'not_found' } });
  });

  it('redeems at once for a customer the member QR identified, without a step-up; the token is in no event and no log line', async () => {
    const { member, offerId, title } = await customerWithOffer(8, 'verified');
    const parts = till.crm.parts;
    const { token } = await parts.keyring.sign(parts.db, member.profileId, parts.now(), 300);
    const current = till.session.get();
    if (!current) throw new Error('no customer');
    till.session.set({ ...current, kind: 'member_qr', memberQrToken: token });
    const eventsBefore = till.events.length;

    const answer = await redeem(offerId);

    expect(answer.status).toBe(200);
    expect(RedeemOfferAnswerSchema.parse(answer.json)).toMatchObject({ status: 'redeemed', offer: { id: offerId, title } });
    expect(await stillOffered(member.profileId, offerId)).toBe(false);
    const events = till.events.slice(eventsBefore);
    expect(events.map((e) => e.type)).not.toContain('stepup.started');
    const [, payload, signature] = token.split('.');
    for (const secret of [payload as string, signature as string]) {
      expect(JSON.stringify(till.events)).not.toContain(secret);
      expect(till.logLines.join('')).not.toContain(secret);
    }
    expect(till.logLines.join('')).toContain('offer redeemed');
  });

  it('asks a member QR customer for a step-up when the CRM refuses the token (too old), and then redeems after it', async () => {
    const { member, offerId } = await customerWithOffer(9, 'verified');
    const parts = till.crm.parts;
    const { token } = await parts.keyring.sign(parts.db, member.profileId, parts.now() - PROMOTION_RULES.stepUpMaxAgeMs - 60_000, 300);
    await parts.db.query('UPDATE member_qr_keys SET not_before = not_before - $1', [60 * 60_000]);
    const current = till.session.get();
    if (!current) throw new Error('no customer');
    till.session.set({ ...current, kind: 'member_qr', memberQrToken: token });

    expect(await redeem(offerId)).toMatchObject({ status: 403, json: { type: 'https://tillid.dev/problems/step_up_required' } });
    expect(till.session.get()?.memberQrToken).toBeUndefined();
    await verifyByBankId(member);
    expect((await redeem(offerId)).status).toBe(200);
  });

  it('offline: needs a connection, nothing is sent or queued', async () => {
    const { member, offerId } = await customerWithOffer(3, 'claimed');
    await verifyByBankId(member);
    till.online = false;
    const answer = await redeem(offerId);
    expect(answer).toMatchObject({ status: 503, json: { type: 'https://tillid.dev/problems/offline', inDoubt: false } });
    expect(answer.json).toMatchObject({ detail: expect.stringContaining('needs a connection') });
    expect(await stillOffered(member.profileId, offerId)).toBe(true);
  });

  it('a step-up the CRM finds stale is asked for again', async () => {
    const { member, offerId } = await customerWithOffer(4, 'claimed');
    await verifyByBankId(member);
    till.clock.advance(PROMOTION_RULES.stepUpMaxAgeMs + 1000);
    expect(await redeem(offerId)).toMatchObject({ status: 403, json: { type: 'https://tillid.dev/problems/step_up_required' } });
    expect(await redeem(offerId)).toMatchObject({ status: 403 });
    await verifyByBankId(member);
    expect((await redeem(offerId)).status).toBe(200);
  });

  it('after a lost answer, sends the same redemption again and the CRM redeems it once', async () => {
    const { member, offerId } = await customerWithOffer(6, 'claimed');
    await verifyByBankId(member);
    await crmAdmin(till.crm).faults({ commitThenFailRate: 1, routes: ['redeem_promotion'] });
    const lost = await redeem(offerId);
    expect(lost).toMatchObject({ status: 503, json: { type: 'https://tillid.dev/problems/offline', inDoubt: true } });
    const keys = (): Promise<{ key: string }[]> =>
      till.crm.parts.db.query<{ key: string }>("SELECT idempotency_key AS key FROM upload_ledger WHERE kind = 'promotion_redemption' AND result_json LIKE $1", [`%${offerId}%`]);
    expect(await keys()).toHaveLength(1);

    await crmAdmin(till.crm).faults({});
    expect(RedeemOfferAnswerSchema.parse((await redeem(offerId)).json)).toMatchObject({ offer: { id: offerId } });
    expect(await keys()).toHaveLength(1);
    expect(await stillOffered(member.profileId, offerId)).toBe(false);
  });

  it('refuses an offer that is not in the customer\'s summary without asking the CRM', async () => {
    const { member } = await customerWithOffer(7, 'claimed');
    await verifyByBankId(member);
    expect(await redeem('demo-P99999999-personal')).toMatchObject({ status: 409, json: { type: 'https://tillid.dev/problems/offer_not_available', reason: 'not_found' } });
  });
});
