import { PROFILE_SUMMARY_LIMITS } from '../../../sync/protocol';
import type { SummaryOffer } from '../../../sync/protocol';
import type { VoyadoPromotion } from './voyadoSchemas';

/**
 * A promotion assigned to the contact, as an offer in the till's summary: its `id` (the instance, the one a redemption
 * names), its name cut to what a cashier can say, personal (Voyado assigns each to a contact). An expired one, or one
 * without a name, is left out.
 */
export function promotionToOffer(p: VoyadoPromotion, now: number): SummaryOffer[] {
  const title = p.name?.trim();
  if (!title) return [];
  const validUntil = p.expiresOn ? Date.parse(p.expiresOn) : null;
  if (validUntil !== null && (!Number.isFinite(validUntil) || validUntil < now)) return [];
  const max = PROFILE_SUMMARY_LIMITS.maxOfferTitle;
  return [{
    id: p.id, title: title.length > max ? `${title.slice(0, max - 1)}…` : title, personal: true, redeemable: true,
    ...(validUntil === null ? {} : { validUntil: new Date(validUntil).toISOString() }),
  }];
}
