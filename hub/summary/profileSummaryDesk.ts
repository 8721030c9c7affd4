import type { CrmConnector } from '../connectors/crmConnector';
import type { Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import { mergeTree } from './mergeTree';
import { PROFILE_SUMMARY_LIMITS } from '../../sync/protocol';
import type { ProfileSummaryResponse, PurchaseChannel, ReceiptPayload, SummaryOffer, SummaryPurchase } from '../../sync/protocol';

/**
 * How long a summary waits for the CRM's part (its offers and purchases): the till gives the whole exchange 800 ms
 * (`sync/client/profileSummaryClient.ts`), so a slower CRM leaves its part out, and the till still gets the offers and
 * purchases the hub holds.
 */
export const CRM_ACTIVITY_BUDGET_MS = 550;

export interface NewOffer {
  title: string;
  /** Epoch ms; null for an offer without an end. */
  validUntil: number | null;
  personal: boolean;
}

export interface NewPurchase {
  channel: PurchaseChannel;
  /** Epoch ms. */
  at: number;
  total: number;
  currency: string;
  itemCount: number;
  storeName: string | null;
}

/** Receipts read per summary before the newest are picked (tills deliver late, so received order is not sale order). */
const RECEIPTS_READ = 20;

/**
 * What the hub tells a till about a member at the counter: offers still valid, and the newest purchases from every
 * channel: the CRM's own (its connector's `activity`, for the member and every profile merged into it), those the
 * admin API added, and the receipts the retailer's tills sent (with their store's name). An offer a till redeemed
 * (`promotion_redemptions`) is left out.
 */
export class ProfileSummaryDesk {
  constructor(private readonly mirror: MemberMirror, private readonly connector: CrmConnector | null = null, private readonly crmBudgetMs = CRM_ACTIVITY_BUDGET_MS) {}

  /** The summary for a till's profile reference, or null when the hub knows no live profile by it. */
  async summarise(sql: Sql, profileRef: string, now: number): Promise<ProfileSummaryResponse | null> {
    const resolved = await this.mirror.resolveRef(sql, profileRef);
    if (!('profileId' in resolved)) return null;
    const crm = await this.crmActivity(sql, resolved.profileId, now);
    return {
      profileId: resolved.profileId,
      offers: await this.offersOf(sql, resolved.profileId, crm.offers, now),
      recentPurchases: await this.purchasesOf(sql, resolved.profileId, crm.purchases),
    };
  }

  /** The CRM's offers and purchases of the profile and of every profile merged into it (theirs are the survivor's now). */
  private async crmActivity(sql: Sql, profileId: string, now: number): Promise<{ offers: SummaryOffer[]; purchases: SummaryPurchase[] }> {
    if (!this.connector?.activity) return { offers: [], purchases: [] };
    const answer = await withinBudget(this.connector.activity(await mergeTree(sql, profileId), now), this.crmBudgetMs);
    if (answer === null || (answer.status !== 'accepted' && answer.status !== 'duplicate')) return { offers: [], purchases: [] };
    // Only a connector that can redeem them makes its offers redeemable at a till.
    const redeemable = this.connector.promotions !== undefined;
    return { ...answer.value, offers: answer.value.offers.map((o) => ({ ...o, redeemable: o.redeemable && redeemable })) };
  }

  async addOffer(sql: Sql, profileId: string, offer: NewOffer, now: number): Promise<void> {
    await sql.query('INSERT INTO member_offers (profile_id, title, valid_until, personal, created_at) VALUES ($1, $2, $3, $4, $5)', [
      profileId, offer.title, offer.validUntil, offer.personal, now,
    ]);
  }

  async addPurchase(sql: Sql, profileId: string, p: NewPurchase): Promise<void> {
    await sql.query('INSERT INTO channel_purchases (profile_id, channel, at, total, currency, item_count, store_name) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      profileId, p.channel, p.at, p.total, p.currency, p.itemCount, p.storeName,
    ]);
  }

  private async offersOf(sql: Sql, profileId: string, fromCrm: readonly SummaryOffer[], now: number): Promise<SummaryOffer[]> {
    const rows = await sql.query<{ id: number; title: string; valid_until: number | null; personal: boolean }>(
      `SELECT id, title, valid_until, personal FROM member_offers
        WHERE profile_id = $1 AND (valid_until IS NULL OR valid_until >= $2) ORDER BY personal DESC, id DESC LIMIT $3`,
      [profileId, now, PROFILE_SUMMARY_LIMITS.maxOffers],
    );
    const added = rows.map((o): SummaryOffer => ({
      id: `offer-${o.id}`,
      title: o.title,
      ...(o.valid_until === null ? {} : { validUntil: new Date(o.valid_until).toISOString() }),
      personal: o.personal,
      redeemable: true,
    }));
    // Personal offers first (those added newest first), then the general ones, each once; none a till redeemed.
    const all = [...added, ...fromCrm].sort((a, b) => Number(b.personal) - Number(a.personal));
    const redeemed = await sql.query<{ offer_id: string }>("SELECT offer_id FROM promotion_redemptions WHERE profile_id = $1 AND state = 'redeemed'", [profileId]);
    const seen = new Set<string>(redeemed.map((r) => r.offer_id));
    return all.filter((o) => !seen.has(o.id) && seen.add(o.id)).slice(0, PROFILE_SUMMARY_LIMITS.maxOffers);
  }

  private async purchasesOf(sql: Sql, profileId: string, fromCrm: readonly SummaryPurchase[]): Promise<SummaryPurchase[]> {
    const limit = PROFILE_SUMMARY_LIMITS.maxRecentPurchases;
    const elsewhere = await sql.query<{ channel: PurchaseChannel; at: number; total: number; currency: string; item_count: number; store_name: string | null }>(
      'SELECT channel, at, total, currency, item_count, store_name FROM channel_purchases WHERE profile_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
      [profileId, limit],
    );
    const fromTills = await sql.query<{ payload: string; store_name: string | null }>(
      `SELECT r.payload, s.name AS store_name FROM receipts r LEFT JOIN tills t USING (till_id) LEFT JOIN stores s USING (store_id)
        WHERE r.profile_id = $1 ORDER BY r.received_at DESC LIMIT $2`,
      [profileId, RECEIPTS_READ],
    );
    const purchases: SummaryPurchase[] = [
      ...elsewhere.map((p) => ({
        at: new Date(p.at).toISOString(), channel: p.channel, ...(p.store_name === null ? {} : { storeName: p.store_name }),
        total: p.total, currency: p.currency, itemCount: p.item_count,
      })),
      ...fromTills.map((r) => fromReceipt(JSON.parse(r.payload) as ReceiptPayload, r.store_name)),
      ...fromCrm,
    ];
    return purchases.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, limit);
  }
}

function fromReceipt(receipt: ReceiptPayload, storeName: string | null): SummaryPurchase {
  // A weighed line (1.25 kg) or a return is one item; whole quantities count each piece.
  const itemCount = receipt.lines.reduce((n, line) => n + (Number.isInteger(line.quantity) && line.quantity > 0 ? line.quantity : 1), 0);
  return {
    at: receipt.createdAt, channel: 'store', ...(storeName === null ? {} : { storeName }), receiptId: receipt.receiptId,
    total: receipt.total, currency: receipt.currency, itemCount,
  };
}

/** The promise's value, or null when it fails or takes longer than `ms` (it goes on, unwaited: a read only). */
async function withinBudget<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
