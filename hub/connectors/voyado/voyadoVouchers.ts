import type { ConnectorAnswer, PromotionRedeemOptions } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';
import { contactVouchers } from './contactVouchers';
import { voucherToOffer } from './voucherToOffer';
import type { VoyadoRewardVoucher } from './voyadoSchemas';

type Redeemed = ConnectorAnswer<{ title: string }>;

/** One of the member's vouchers in `which` list, by its id; or why it cannot be told. */
async function memberVoucher(http: VoyadoHttp, profileIds: readonly string[], voucherId: string, which: 'available' | 'all'): Promise<ConnectorAnswer<VoyadoRewardVoucher | null>> {
  const vouchers = await contactVouchers(http, profileIds, which);
  if (vouchers.status !== 'accepted') return vouchers.status === 'retry_later' ? vouchers : { status: 'rejected', reason: 'not_found' };
  return { status: 'accepted', value: vouchers.value.find((v) => v.id.toLowerCase() === voucherId) ?? null };
}

/**
 * "Redeem a voucher" (Engage v3): `POST /api/v3/reward-vouchers/{rewardVoucherId}/redeem`. The id is unique to the
 * contact who holds it, so the request names no contact, and the connector checks whose it is before sending it:
 * - an id among the member's contacts' available vouchers is sent; one past its `expiresOn` is `expired`;
 * - any other id (another contact's, unknown, redeemed) is refused, `not_found`, with nothing sent;
 * - except on a retry of an attempt whose answer was lost (`resumed`), as Voyado takes no idempotency key here: an id
 *   among all the member's vouchers (`/reward-vouchers`, redeemed ones too) is sent again, so that
 *   RewardVoucherAlreadyRedeemed tells the hub it was that attempt's;
 * - when a list cannot be read, nothing is sent (and `options.sending` was not called: no retry may take it for a lost
 *   redeem).
 */
export async function redeemVoucher(http: VoyadoHttp, profileIds: readonly string[], voucherId: string, now: number, options: PromotionRedeemOptions): Promise<Redeemed> {
  const available = await memberVoucher(http, profileIds, voucherId, 'available');
  if (available.status !== 'accepted') return available.status === 'duplicate' ? { status: 'rejected', reason: 'not_found' } : available;
  let title = 'Voyado';
  if (available.value !== null) {
    const [offer] = voucherToOffer(available.value, now);
    if (!offer) return { status: 'rejected', reason: available.value.expiresOn && Date.parse(available.value.expiresOn) < now ? 'expired' : 'not_found' };
    title = offer.title;
  } else {
    if (!options.resumed) return { status: 'rejected', reason: 'not_found' };
    const held = await memberVoucher(http, profileIds, voucherId, 'all');
    if (held.status !== 'accepted') return held.status === 'duplicate' ? { status: 'rejected', reason: 'not_found' } : held;
    if (held.value === null) return { status: 'rejected', reason: 'not_found' };
    title = voucherToOffer({ ...held.value, redeemed: false, expiresOn: null }, now)[0]?.title ?? title;
  }
  await options.sending?.();
  const posted = await http.request({ method: 'POST', api: 'v3', path: `/reward-vouchers/${voucherId}/redeem` });
  if (posted.kind === 'retry_later') return retryLater(posted);
  if (posted.kind === 'ok') return { status: 'accepted', value: { title } };
  switch (posted.errorCode) {
    case 'RewardVoucherAlreadyRedeemed':
      return { status: 'duplicate', value: { title } };
    case 'RewardVoucherExpired':
      return { status: 'rejected', reason: 'expired' };
    default:
      // RewardVoucherNotFound, InvalidRewardVoucherId.
      return { status: 'rejected', reason: 'not_found' };
  }
}
