import type { SummaryOffer } from '../../../sync/protocol';
import { personalOffer } from './personalOffer';
import type { VoyadoRewardVoucher } from './voyadoSchemas';

/**
 * A reward voucher's offer id: `voucher-<its GUID>`. Promotions keep their bare instance GUIDs, so an offer id says
 * which of Voyado's two endpoints redeems it.
 */
const VOUCHER_PREFIX = 'voucher-';

export function voucherOfferId(voucherId: string): string {
  return `${VOUCHER_PREFIX}${voucherId.toLowerCase()}`;
}

/** Exactly what `voucherOfferId` makes: the prefix and a lower-case GUID. */
const VOUCHER_OFFER_ID = /^voucher-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The voucher GUID an offer id names, or null when the offer id is not exactly a voucher's (another spelling of the
 * same voucher, `VOUCHER-…`, is no offer the summary gave: the hub's once-per-offer claim is on the id as given).
 */
export function voucherIdOf(offerId: string): string | null {
  return VOUCHER_OFFER_ID.exec(offerId)?.[1] ?? null;
}

/** `195 SEK`, `19.50 EUR`: what a cashier reads out first. */
function money(value: NonNullable<VoyadoRewardVoucher['value']>): string {
  const amount = Number.isInteger(value.amount) ? String(value.amount) : value.amount.toFixed(2);
  return `${amount} ${value.currency.toUpperCase()}`;
}

/**
 * A voucher the contact holds, as an offer in the till's summary: its value first (`195 SEK · Bonus payment …`). One
 * past its `expiresOn`, already redeemed, or with neither a name nor a value, is left out.
 */
export function voucherToOffer(v: VoyadoRewardVoucher, now: number): SummaryOffer[] {
  if (v.redeemed === true) return [];
  const title = [v.value ? money(v.value) : null, v.name?.trim() || null].filter((p): p is string => p !== null).join(' · ');
  return personalOffer(voucherOfferId(v.id), title, v.expiresOn, now);
}
