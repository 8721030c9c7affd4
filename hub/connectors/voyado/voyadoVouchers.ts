import type { ConnectorAnswer } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';
import { contactVouchers } from './contactVouchers';
import { voucherToOffer } from './voucherToOffer';
import { VoyadoContactIdSchema } from './voyadoSchemas';

type Redeemed = ConnectorAnswer<{ title: string }>;

/**
 * "Redeem a voucher" (Engage v3): `POST /api/v3/reward-vouchers/{rewardVoucherId}/redeem`. The id is unique to the
 * contact who holds it, so the request names no contact: the member's contacts' available vouchers
 * (`contactVouchers`) are read first, and an id that is not among them (another contact's, unknown, already
 * redeemed) is refused without redeeming anything; one past its `expiresOn` is `expired`. Like a promotion it has no
 * idempotency key: a retry of an attempt whose answer was lost (`resumed`) is sent even when the voucher is no longer
 * available, so that RewardVoucherAlreadyRedeemed tells the hub it was that attempt's (the voucher was this member's
 * when that attempt read the list).
 */
export async function redeemVoucher(http: VoyadoHttp, profileIds: readonly string[], voucherId: string, now: number, options: { resumed: boolean }): Promise<Redeemed> {
  if (!VoyadoContactIdSchema.safeParse(voucherId).success) return { status: 'rejected', reason: 'not_found' };
  const vouchers = await contactVouchers(http, profileIds);
  if (vouchers.status === 'retry_later') return vouchers;
  if (vouchers.status !== 'accepted') return { status: 'rejected', reason: 'not_found' };
  const voucher = vouchers.value.find((v) => v.id.toLowerCase() === voucherId.toLowerCase()) ?? null;
  if (voucher === null && !options.resumed) return { status: 'rejected', reason: 'not_found' };
  const [offer] = voucher === null ? [] : voucherToOffer(voucher, now);
  if (voucher !== null && !offer) return { status: 'rejected', reason: voucher.expiresOn && Date.parse(voucher.expiresOn) < now ? 'expired' : 'not_found' };
  const title = offer?.title ?? 'Voyado';
  const posted = await http.request({ method: 'POST', api: 'v3', path: `/reward-vouchers/${encodeURIComponent(voucherId)}/redeem` });
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
