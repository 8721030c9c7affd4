import { PROFILE_SUMMARY_LIMITS } from '../../../sync/protocol';
import type { SummaryOffer } from '../../../sync/protocol';

/**
 * One of a contact's own offers (a promotion or a voucher Voyado assigned to it) as an offer in the till's summary:
 * its title cut to what a cashier can say, personal, redeemable, with its end. Empty (left out) when the title is
 * blank, or `expiresOn` is unreadable or before `now`.
 */
export function personalOffer(id: string, title: string, expiresOn: string | null | undefined, now: number): SummaryOffer[] {
  const text = title.trim();
  if (!text) return [];
  const validUntil = expiresOn ? Date.parse(expiresOn) : null;
  if (validUntil !== null && (!Number.isFinite(validUntil) || validUntil < now)) return [];
  const max = PROFILE_SUMMARY_LIMITS.maxOfferTitle;
  return [{
    id, title: text.length > max ? `${text.slice(0, max - 1)}…` : text, personal: true, redeemable: true,
    ...(validUntil === null ? {} : { validUntil: new Date(validUntil).toISOString() }),
  }];
}
