import type { ConnectorAnswer } from '../crmConnector';
import type { VoyadoHttp } from './voyadoHttp';
import { perContact } from './perContact';
import { VoyadoRewardVoucherPageSchema } from './voyadoSchemas';
import type { VoyadoRewardVoucher } from './voyadoSchemas';

/**
 * The available reward vouchers of a member's contacts (`GET /api/v3/reward-vouchers/available?contactId=` for each,
 * a contact Voyado no longer has skipped), in the order the ids come: what the summary shows and what a till may
 * redeem. Only the first page Voyado answers is read (the reference documents no paging parameters); one marked
 * redeemed is left out.
 */
export function contactVouchers(http: VoyadoHttp, profileIds: readonly string[]): Promise<ConnectorAnswer<VoyadoRewardVoucher[]>> {
  return perContact(
    http, profileIds,
    (id) => ({ method: 'GET', api: 'v3', path: '/reward-vouchers/available', query: { contactId: id } }),
    (body) => {
      const parsed = VoyadoRewardVoucherPageSchema.safeParse(body);
      return parsed.success ? parsed.data.items.filter((v) => v.redeemed !== true) : null;
    },
  );
}
