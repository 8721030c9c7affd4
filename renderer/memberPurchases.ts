import type { ProfileView, RecentPurchase } from '../main/api/contract/profile';

/** One line of the member's recent purchases on the screen. */
export interface PurchaseLine {
  at: string;
  channel: RecentPurchase['channel'];
  total: number;
  currency: string;
  itemCount: number;
  /** Set for a receipt of this till (or one the CRM got from a till). */
  receiptId?: string;
}

const time = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/**
 * The member's newest purchases: the receipts this till holds and, when the CRM's summary came, the purchases of every
 * channel. A sale both know (a receipt the CRM already got) is shown once, as the till's.
 */
export function recentPurchaseLines(receipts: ProfileView['receipts'], fromCrm: readonly RecentPurchase[] | undefined, limit: number): PurchaseLine[] {
  const local: PurchaseLine[] = receipts.map((r) => ({ at: r.createdAt, channel: 'store', total: r.total, currency: r.currency, itemCount: r.lineCount, receiptId: r.receiptId }));
  const held = new Set(receipts.map((r) => r.receiptId));
  const remote: PurchaseLine[] = (fromCrm ?? [])
    .filter((p) => p.receiptId === undefined || !held.has(p.receiptId))
    .map((p) => ({ at: p.at, channel: p.channel, total: p.total, currency: p.currency, itemCount: p.itemCount, ...(p.receiptId === undefined ? {} : { receiptId: p.receiptId }) }));
  return [...local, ...remote].sort((a, b) => time(b.at) - time(a.at)).slice(0, limit);
}
