import { createHash } from 'node:crypto';
import type { SummaryOffer, SummaryPurchase } from '../../../sync/protocol';
import { localProfileId as profileIdOf } from '../../mirror/localProfileId';

/** Offers every demo member has (one of them, by seed and week). */
const GENERAL_OFFERS: readonly string[] = ['20 % på kaffe', '2 för 1 på kanelbullar', '10 % på frukt och grönt', 'Gratis påse vid köp över 300 kr'];
/** Offers made for one member. */
const PERSONAL_OFFERS: readonly string[] = ['Dubbla poäng i helgen', '50 kr rabatt över 500 kr', '15 % på choklad', '25 % på glass', '30 % på ekologiskt kaffe'];

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Four well-mixed 32-bit numbers for demo member `index` under `seed`, so a demo looks the same on every run. */
function draws(index: number, seed: number): number[] {
  const digest = createHash('sha256').update(`tillid-demo-activity:${seed}:${index}`).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset));
}

function pick(list: readonly string[], n: number): string {
  return list[n % list.length] as string;
}

/**
 * Demo member `index`'s offers on the day of `now`: every member has one general offer (the same for everyone that
 * week), and two members in three (`index % 3` is 0 or 1) also have a personal one.
 */
export function demoOffers(index: number, seed: number, now: number): SummaryOffer[] {
  const [a = 0, b = 0] = draws(index, seed);
  const today = Math.floor(now / DAY) * DAY;
  const week = demoWeek(now);
  const general = (seed + week) % GENERAL_OFFERS.length;
  const offers: SummaryOffer[] = [];
  if (index % 3 !== 2) {
    offers.push({ id: `demo-${profileIdOf(index + 1)}-personal`, title: pick(PERSONAL_OFFERS, a), validUntil: new Date(today + (3 + (b % 10)) * DAY - 1).toISOString(), personal: true, redeemable: true });
  }
  offers.push({ id: `demo-general-${week}-${general}`, title: GENERAL_OFFERS[general] as string, validUntil: new Date((week + 1) * 7 * DAY - 1).toISOString(), personal: false, redeemable: true });
  return offers;
}

/** The week a general demo offer's id names (`demo-general-<week>-<n>`), or null for another id. */
export function demoGeneralOfferWeek(offerId: string): number | null {
  const m = /^demo-general-(\d{1,7})-\d{1,2}$/.exec(offerId);
  return m ? Number(m[1]) : null;
}

/** The week of `now`, as general demo offers count them. */
export function demoWeek(now: number): number {
  return Math.floor(now / (7 * DAY));
}

/**
 * Demo member `index`'s purchases on the web shop and in the app before the day of `now`, newest first: none when
 * `index % 4` is 3, otherwise one to three, the newest always on the web.
 */
export function demoPurchases(index: number, seed: number, now: number): SummaryPurchase[] {
  if (index % 4 === 3) return [];
  const [, , c = 0, d = 0] = draws(index, seed);
  const today = Math.floor(now / DAY) * DAY;
  const count = 1 + (c % 3);
  const purchases: SummaryPurchase[] = [];
  for (let k = 0; k < count; k++) {
    const n = (d >>> (k * 8)) & 0xff;
    purchases.push({
      at: new Date(today - (1 + k * 9 + (n % 7)) * DAY + (9 + (n % 11)) * HOUR).toISOString(),
      channel: k === 0 || n % 2 === 0 ? 'web' : 'app',
      total: 99 + ((n * 37 + c) % 1900) + (n % 2 === 0 ? 0.9 : 0),
      currency: 'SEK',
      itemCount: 1 + (n % 6),
    });
  }
  return purchases;
}
