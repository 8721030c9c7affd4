import { describe, expect, it } from 'vitest';
import {
  OfferNotAvailableProblemSchema, PROMOTION_REDEMPTION_PATH, PromotionRedemptionRequestSchema, PromotionRedemptionSchema, PromotionStepUpProblemSchema,
  SYNC_PROBLEM_STATUS, SummaryOfferSchema,
} from '../../../sync/protocol';

const request = {
  idempotencyKey: '01932c3e-5a6b-7c8d-9e0f-123456789abc',
  profileId: 'P00000001',
  offerId: 'bb247ef7-80bb-440c-beb7-ab4172e56666',
  verificationId: 'AbCdEfGhIjKlMnOpQrStUvWx',
};

describe('a promotion redemption request names the member, the offer and the proof (a step-up or the member QR)', () => {
  it.each([
    ['the four fields', request, true],
    ['with the sale it is used in', { ...request, receiptId: 'K1-2025-000123' }, true],
    ['without a verification', { ...request, verificationId: undefined }, false],
    ['a verification id that is not one', { ...request, verificationId: 'short' }, false],
    ['a key that is not a UUIDv7', { ...request, idempotencyKey: '123e4567-e89b-42d3-a456-426614174000' }, false],
    ['an empty offer id', { ...request, offerId: '' }, false],
    ['an offer id over 100 characters', { ...request, offerId: 'x'.repeat(101) }, false],
    ['a receipt id with spaces', { ...request, receiptId: 'K1 2025' }, false],
    ['a verification as the proof', { ...request, verificationId: undefined, proof: { kind: 'verification', verificationId: request.verificationId } }, true],
    ['the member QR as the proof', { ...request, verificationId: undefined, proof: { kind: 'member_qr', token: 'TID1.e30.c2ln' } }, true],
    ['both a proof and a verification id', { ...request, proof: { kind: 'member_qr', token: 'TID1.e30.c2ln' } }, false],
    ['a proof of an unknown kind', { ...request, verificationId: undefined, proof: { kind: 'pin', pin: '1234' } }, false],
    ['an empty member QR', { ...request, verificationId: undefined, proof: { kind: 'member_qr', token: '' } }, false],
    ['a member QR over 2048 characters', { ...request, verificationId: undefined, proof: { kind: 'member_qr', token: 'T'.repeat(2049) } }, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(PromotionRedemptionRequestSchema.safeParse(value).success).toBe(valid);
  });

  it('is posted to /sync/v1/promotions/redeem', () => {
    expect(PROMOTION_REDEMPTION_PATH).toBe('/sync/v1/promotions/redeem');
  });
});

describe('its answers', () => {
  it.each([
    ['redeemed', PromotionRedemptionSchema, { status: 'redeemed', profileId: 'P00000001', offerId: 'o1', title: '20 % på kaffe', redeemedAt: 1_733_000_000_000 }, true],
    ['a redemption without its title', PromotionRedemptionSchema, { status: 'redeemed', profileId: 'P00000001', offerId: 'o1', redeemedAt: 1 }, false],
    ['already redeemed', OfferNotAvailableProblemSchema, { type: 'offer_not_available', title: 'x', status: 409, detail: 'd', reason: 'already_redeemed' }, true],
    ['an unknown reason', OfferNotAvailableProblemSchema, { type: 'offer_not_available', title: 'x', status: 409, detail: 'd', reason: 'sold_out' }, false],
    ['a stale step-up', PromotionStepUpProblemSchema, { type: 'step_up_required', title: 'x', status: 403, detail: 'd', reason: 'stale' }, true],
    ['a member QR the hub did not sign', PromotionStepUpProblemSchema, { type: 'step_up_required', title: 'x', status: 403, detail: 'd', reason: 'invalid_member_qr' }, true],
  ])('%s → valid %s', (_what, schema, value, valid) => {
    expect(schema.safeParse(value).success).toBe(valid);
  });

  it.each([
    ['step_up_required', 403],
    ['offer_not_available', 409],
    ['redemption_in_progress', 409],
    ['crm_unavailable', 503],
  ] as const)('%s is answered %i', (type, status) => {
    expect(SYNC_PROBLEM_STATUS[type]).toBe(status);
  });
});

describe('a summary offer says whether a till may redeem it', () => {
  it.each([
    ['said so', { id: 'o1', title: 'Kaffe', personal: true, redeemable: true }, true],
    ['not said (an older CRM side)', { id: 'o1', title: 'Kaffe', personal: true }, false],
  ])('%s → redeemable %s', (_what, value, redeemable) => {
    expect(SummaryOfferSchema.parse(value).redeemable).toBe(redeemable);
  });
});
