import type { SummaryOffer } from '../../../sync/protocol';
import { personalOffer } from './personalOffer';
import type { VoyadoPromotion } from './voyadoSchemas';

/**
 * A promotion assigned to the contact, as an offer in the till's summary: its `id` (the instance, the one a redemption
 * names) and its name. An expired one, or one without a name, is left out.
 */
export function promotionToOffer(p: VoyadoPromotion, now: number): SummaryOffer[] {
  return personalOffer(p.id, p.name ?? '', p.expiresOn, now);
}
