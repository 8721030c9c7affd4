import { describe, expect, it } from 'vitest';
import { PROFILE_SUMMARY_PATH, ProfileSummaryResponseSchema, SummaryOfferSchema, SummaryPurchaseSchema, profileSummaryPath } from '../../../sync/protocol';

const offer = { id: 'offer-1', title: '20 % på kaffe', validUntil: '2025-06-30T23:59:59+02:00', personal: false };
const purchase = { at: '2025-05-02T14:03:00Z', channel: 'web', total: 349.5, currency: 'SEK', itemCount: 3 };

describe('the profile summary path', () => {
  it.each([
    ['P00000001', '/sync/v1/profiles/P00000001/summary'],
    ['tmp:0190f2a0/x', '/sync/v1/profiles/tmp%3A0190f2a0%2Fx/summary'],
  ])('%s → %s', (id, path) => {
    expect(profileSummaryPath(id)).toBe(path);
    expect(PROFILE_SUMMARY_PATH).toBe('/sync/v1/profiles/:id/summary');
  });
});

describe('an offer is a few words, with an optional end', () => {
  it.each([
    ['a general offer with an end', offer, true],
    ['a personal offer without an end', { id: 'o2', title: 'Dubbla poäng i helgen', personal: true }, true],
    ['an empty title', { ...offer, title: '  ' }, false],
    ['a title longer than 60 characters', { ...offer, title: 'x'.repeat(61) }, false],
    ['an end without an offset', { ...offer, validUntil: '2025-06-30T23:59:59' }, false],
    ['an end that is a date only', { ...offer, validUntil: '2025-06-30' }, false],
    ['no personal flag', { id: 'o3', title: 'Kaffe' }, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(SummaryOfferSchema.safeParse(value).success).toBe(valid);
  });
});

describe('a purchase names its channel', () => {
  it.each([
    ['on the web', purchase, true],
    ['in the app', { ...purchase, channel: 'app' }, true],
    ['in a store, with its name and receipt', { ...purchase, channel: 'store', storeName: 'ICA Maxi', receiptId: 'R-2025-0001' }, true],
    ['a return (negative total, no items)', { ...purchase, total: -49, itemCount: 0 }, true],
    ['by phone (no such channel)', { ...purchase, channel: 'phone' }, false],
    ['a lower-case currency', { ...purchase, currency: 'sek' }, false],
    ['half an item', { ...purchase, itemCount: 1.5 }, false],
    ['a receipt id with a space', { ...purchase, channel: 'store', receiptId: 'R 1' }, false],
    ['no time', { channel: 'web', total: 1, currency: 'SEK', itemCount: 1 }, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(SummaryPurchaseSchema.safeParse(value).success).toBe(valid);
  });
});

describe('a summary', () => {
  it.each([
    ['with offers and purchases', { profileId: 'P00000001', offers: [offer], recentPurchases: [purchase] }, true],
    ['with nothing to tell', { profileId: 'P00000001', offers: [], recentPurchases: [] }, true],
    ['with five purchases', { profileId: 'P1', offers: [], recentPurchases: Array(5).fill(purchase) }, true],
    ['with six purchases', { profileId: 'P1', offers: [], recentPurchases: Array(6).fill(purchase) }, false],
    ['with eleven offers', { profileId: 'P1', offers: Array(11).fill(offer), recentPurchases: [] }, false],
    ['without a profile id', { offers: [], recentPurchases: [] }, false],
    ['truncated (no purchases)', { profileId: 'P1', offers: [] }, false],
  ])('%s → valid %s', (_what, value, valid) => {
    expect(ProfileSummaryResponseSchema.safeParse(value).success).toBe(valid);
  });
});
