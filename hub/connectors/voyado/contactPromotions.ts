import type { ConnectorAnswer } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';
import { VoyadoFoundIdSchema, VoyadoPromotionsSchema } from './voyadoSchemas';
import type { VoyadoPromotion } from './voyadoSchemas';

/** Contacts of one member whose promotions are read at most (the member and contacts merged into it). */
const CONTACTS_READ = 5;

/**
 * The POS promotions of a member's contacts (`GET /contacts/{id}/promotions?redemptionChannelType=POS` for each, a
 * contact Voyado no longer has skipped), in the order the ids come: what the summary shows and what a till may redeem.
 */
export async function contactPromotions(http: VoyadoHttp, profileIds: readonly string[]): Promise<ConnectorAnswer<VoyadoPromotion[]>> {
  const promotions: VoyadoPromotion[] = [];
  for (const profileId of profileIds.slice(0, CONTACTS_READ)) {
    if (!VoyadoFoundIdSchema.safeParse(profileId).success) continue;
    const got = await http.request({ method: 'GET', path: `/contacts/${encodeURIComponent(profileId)}/promotions`, query: { redemptionChannelType: 'POS' } });
    if (got.kind === 'retry_later') return retryLater(got);
    if (got.kind === 'error') {
      if (got.status === 404) continue;
      return { status: 'rejected', reason: `voyado:${got.errorCode}` };
    }
    const parsed = VoyadoPromotionsSchema.safeParse(got.body);
    if (!parsed.success) return { status: 'retry_later', reason: 'malformed_response' };
    promotions.push(...parsed.data);
  }
  return { status: 'accepted', value: promotions };
}
