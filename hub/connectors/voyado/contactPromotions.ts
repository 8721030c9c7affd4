import type { ConnectorAnswer } from '../crmConnector';
import type { VoyadoHttp } from './voyadoHttp';
import { perContact } from './perContact';
import { VoyadoPromotionsSchema } from './voyadoSchemas';
import type { VoyadoPromotion } from './voyadoSchemas';

/**
 * The POS promotions of a member's contacts (`GET /contacts/{id}/promotions?redemptionChannelType=POS` for each, a
 * contact Voyado no longer has skipped), in the order the ids come: what the summary shows and what a till may redeem.
 */
export function contactPromotions(http: VoyadoHttp, profileIds: readonly string[]): Promise<ConnectorAnswer<VoyadoPromotion[]>> {
  return perContact(
    http, profileIds,
    (id) => ({ method: 'GET', path: `/contacts/${encodeURIComponent(id)}/promotions`, query: { redemptionChannelType: 'POS' } }),
    (body) => {
      const parsed = VoyadoPromotionsSchema.safeParse(body);
      return parsed.success ? parsed.data : null;
    },
  );
}
