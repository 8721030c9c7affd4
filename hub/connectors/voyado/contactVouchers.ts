import type { ConnectorAnswer } from '../crmConnector';
import type { VoyadoHttp } from './voyadoHttp';
import { perContact } from './perContact';
import { VoyadoRewardVoucherPageSchema } from './voyadoSchemas';
import type { VoyadoRewardVoucher } from './voyadoSchemas';

/**
 * The reward vouchers of a member's contacts, in the order the ids come (a contact Voyado no longer has skipped):
 * `available` (`GET /api/v3/reward-vouchers/available?contactId=`, one marked redeemed left out), what the summary
 * shows and a till may redeem, or `all` (`GET /api/v3/reward-vouchers?contactId=`: redeemed and expired too), whose
 * they are. Only the first page Voyado answers is read (the reference documents no paging parameters).
 */
export function contactVouchers(http: VoyadoHttp, profileIds: readonly string[], which: 'available' | 'all'): Promise<ConnectorAnswer<VoyadoRewardVoucher[]>> {
  return perContact(
    http, profileIds,
    (id) => ({ method: 'GET', api: 'v3', path: which === 'available' ? '/reward-vouchers/available' : '/reward-vouchers', query: { contactId: id } }),
    (body) => {
      const parsed = VoyadoRewardVoucherPageSchema.safeParse(body);
      if (!parsed.success) return null;
      return which === 'available' ? parsed.data.items.filter((v) => v.redeemed !== true) : parsed.data.items;
    },
  );
}
