import { PROFILE_SUMMARY_LIMITS } from '../../../sync/protocol';
import type { SummaryOffer } from '../../../sync/protocol';
import type { VoyadoRewardVoucher } from './voyadoSchemas';

/**
 * A reward voucher's offer id: `voucher-<its GUID>`. Promotions keep their bare instance GUIDs, so an offer id says
 * which of Voyado's two endpoints redeems it.
 */
const VOUCHER_PREFIX = 'voucher-';

export function voucherOfferId(voucherId: string): string {
  return `${VOUCHER_PREFIX}${voucherId.toLowerCase()}`;
}

/** The voucher GUID an offer id names, or null when the offer is not a voucher. */
export function voucherIdOf(offerId: string): string | null {
  return offerId.toLowerCase().startsWith(VOUCHER_PREFIX) ? offerId.slice(VOUCHER_PREFIX.length) : null;
}

/** `195 SEK`, `19.50 EUR`: what a cashier reads out first. */
function money(value: NonNullable<VoyadoRewardVoucher['value']>): string {
  const amount = Number.isInteger(value.amount) ? String(value.amount) : value.amount.toFixed(2);
  return `${amount} ${value.currency.toUpperCase()}`;
}

/**
 * A voucher the contact holds, as an offer in the till's summary: its value first (`195 SEK · Bonus payment …`), cut to
 * what a cashier can say, personal. One past its `expiresOn`, already redeemed, or with neither a name nor a value, is
 * left out.
 */
export function voucherToOffer(v: VoyadoRewardVoucher, now: number): SummaryOffer[] {
  if (v.redeemed === true) return [];
  const parts = [v.value ? money(v.value) : null, v.name?.trim() || null].filter((p): p is string => p !== null);
  if (parts.length === 0) return [];
  const validUntil = v.expiresOn ? Date.parse(v.expiresOn) : null;
  if (validUntil !== null && (!Number.isFinite(validUntil) || validUntil < now)) return [];
  const title = parts.join(' · ');
  const max = PROFILE_SUMMARY_LIMITS.maxOfferTitle;
  return [{
    id: voucherOfferId(v.id), title: title.length > max ? `${title.slice(0, max - 1)}…` : title, personal: true, redeemable: true,
    ...(validUntil === null ? {} : { validUntil: new Date(validUntil).toISOString() }),
  }];
}
