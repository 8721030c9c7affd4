import type { ConnectorAnswer, CrmPromotions } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';
import { promotionToOffer } from './promotionToOffer';
import { contactPromotions } from './contactPromotions';
import { VoyadoFoundIdSchema } from './voyadoSchemas';
import type { VoyadoPromotion } from './voyadoSchemas';
import { voucherIdOf } from './voucherToOffer';
import { redeemVoucher } from './voyadoVouchers';

type Redeemed = ConnectorAnswer<{ title: string }>;

/**
 * "Redeem a promotion" (Engage v2): `POST /api/v2/promotions/codes/{id}/redeem` `{"redemptionChannel": "POS"}` with the
 * promotion's instance `id` (the one the summary's offer carries, unique to its contact). That endpoint takes no contact,
 * so the contact's own POS promotions (`GET /contacts/{id}/promotions?redemptionChannelType=POS`) are read first: an
 * id that is not among them (another contact's, unknown, already redeemed) is refused without redeeming anything, and
 * one past its `expiresOn` is `expired`. Voyado has no idempotency key for it: a retry of an attempt whose answer was
 * lost (`resumed`) is sent even when the promotion is no longer listed, so that Voyado's PromotionAlreadyRedeemed tells
 * the hub it was that attempt's (it was this contact's when that attempt read the list). A reward voucher's offer
 * (`voucher-<id>`, see `voucherToOffer.ts`) goes to Voyado's voucher endpoint instead (`voyadoVouchers.ts`). Either
 * request is marked with the hub (`options.sending`) just before it goes, so a claim a dead hub left unmarked is known
 * never to have reached Voyado, and is checked afresh.
 */
export function voyadoPromotions(http: VoyadoHttp): CrmPromotions {
  async function listed(profileIds: readonly string[], offerId: string): Promise<ConnectorAnswer<VoyadoPromotion | null>> {
    const promotions = await contactPromotions(http, profileIds);
    if (promotions.status !== 'accepted') return promotions.status === 'duplicate' ? { status: 'accepted', value: null } : promotions;
    // Exactly the id the summary gave: another spelling of it would be another offer to the hub's once-per-offer claim.
    return { status: 'accepted', value: promotions.value.find((p) => p.id === offerId) ?? null };
  }

  return {
    marksSending: true,
    async redeem(profileIds, offerId, now, options): Promise<Redeemed> {
      const voucherId = voucherIdOf(offerId);
      if (voucherId !== null) return redeemVoucher(http, profileIds, voucherId, now, options);
      if (!VoyadoFoundIdSchema.safeParse(offerId).success) return { status: 'rejected', reason: 'not_found' };
      const found = await listed(profileIds, offerId);
      if (found.status !== 'accepted') return found.status === 'retry_later' ? found : { status: 'rejected', reason: 'not_found' };
      const promotion = found.value;
      if (promotion === null && !options.resumed) return { status: 'rejected', reason: 'not_found' };
      const [offer] = promotion === null ? [] : promotionToOffer(promotion, now);
      if (promotion !== null && !offer) return { status: 'rejected', reason: promotion.name?.trim() ? 'expired' : 'not_found' };
      const title = offer?.title ?? 'Voyado';
      await options.sending?.();
      const posted = await http.request({ method: 'POST', path: `/promotions/codes/${encodeURIComponent(offerId)}/redeem`, body: { redemptionChannel: 'POS' } });
      if (posted.kind === 'retry_later') return retryLater(posted);
      if (posted.kind === 'ok') return { status: 'accepted', value: { title } };
      switch (posted.errorCode) {
        case 'PromotionAlreadyRedeemed':
          return { status: 'duplicate', value: { title } };
        case 'PromotionNotValidForRedemptionChannel':
          return { status: 'rejected', reason: 'not_at_pos' };
        default:
          // PromotionNotFound, PromotionNotAssociatedWithContact, InvalidPromotionIdNoData.
          return { status: 'rejected', reason: 'not_found' };
      }
    },
  };
}
