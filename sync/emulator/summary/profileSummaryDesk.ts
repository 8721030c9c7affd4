import type { Database as SqliteDatabase } from 'better-sqlite3';
import { PROFILE_SUMMARY_LIMITS } from '../../protocol';
import type { ProfileSummaryResponse, PurchaseChannel, ReceiptPayload, SummaryOffer, SummaryPurchase } from '../../protocol';
import { demoOffers, demoPurchases } from '../demo/demoActivity';
import { createContactLookup } from '../stepUp/profileContact';
import type { CrmProfiles } from '../store/crmProfiles';
import { MetaTable } from '../store/emulatorDatabase';
import { profileIdOf } from '../store/profileIds';

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
 * What the CRM tells a till about a member at the counter: offers still valid, and the newest purchases from every
 * channel: the demo member's own (from the seed), those added by the admin API, and the receipts tills sent.
 */
export class ProfileSummaryDesk {
  private readonly s;
  private readonly resolve: (profileRef: string) => number | null;
  private readonly demo: { members: number; seed: number };

  constructor(
    db: SqliteDatabase,
    profiles: CrmProfiles,
    /** The store every till of this CRM is in (the emulator serves one). */
    private readonly storeName: string,
  ) {
    this.s = {
      insertOffer: db.prepare<[number, string, number | null, number, number]>(
        'INSERT INTO member_offers (profile_seq, title, valid_until, personal, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertPurchase: db.prepare<[number, string, number, number, string, number, string | null]>(
        'INSERT INTO channel_purchases (profile_seq, channel, at, total, currency, item_count, store_name) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      offers: db.prepare<[number, number, number], { id: number; title: string; valid_until: number | null; personal: number }>(
        'SELECT id, title, valid_until, personal FROM member_offers WHERE profile_seq = ? AND (valid_until IS NULL OR valid_until >= ?) ORDER BY id DESC LIMIT ?',
      ),
      purchases: db.prepare<[number, number], { channel: PurchaseChannel; at: number; total: number; currency: string; item_count: number; store_name: string | null }>(
        'SELECT channel, at, total, currency, item_count, store_name FROM channel_purchases WHERE profile_seq = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
      receipts: db.prepare<[number, number], { payload: string }>('SELECT payload FROM receipts WHERE profile_seq = ? ORDER BY received_at DESC LIMIT ?'),
      // The profile and every profile merged into it (chains included): their demo activity is the survivor's now.
      mergeTree: db
        .prepare<[number], number>(
          `WITH RECURSIVE tree(seq) AS (SELECT ? UNION SELECT g.seq FROM gone_profiles g JOIN tree t ON g.into_seq = t.seq WHERE g.reason = 'merged')
           SELECT seq FROM tree LIMIT 1000`,
        )
        .pluck(),
    };
    const contactOf = createContactLookup(db, profiles);
    this.resolve = (profileRef) => contactOf(profileRef).profileSeq;
    const meta = new MetaTable(db);
    this.demo = { members: Number(meta.get('demo_members') ?? '0'), seed: Number(meta.get('demo_seed') ?? '1') };
  }

  /** The row number of the live profile a till's reference names (merges followed), or null (unknown, erased). */
  liveSeq(profileRef: string): number | null {
    return this.resolve(profileRef);
  }

  /** The summary for a till's profile reference, or null when the CRM knows no live profile by it. */
  summarise(profileRef: string, now: number): ProfileSummaryResponse | null {
    const seq = this.resolve(profileRef);
    if (seq === null) return null;
    const demoIndexes = this.s.mergeTree.all(seq).filter((s) => s <= this.demo.members).map((s) => s - 1);
    return {
      profileId: profileIdOf(seq),
      offers: this.offersOf(seq, demoIndexes, now),
      recentPurchases: this.purchasesOf(seq, demoIndexes, now),
    };
  }

  addOffer(seq: number, offer: NewOffer, now: number): void {
    this.s.insertOffer.run(seq, offer.title, offer.validUntil, offer.personal ? 1 : 0, now);
  }

  addPurchase(seq: number, purchase: NewPurchase): void {
    this.s.insertPurchase.run(seq, purchase.channel, purchase.at, purchase.total, purchase.currency, purchase.itemCount, purchase.storeName);
  }

  private offersOf(seq: number, demoIndexes: number[], now: number): SummaryOffer[] {
    const added: SummaryOffer[] = this.s.offers.all(seq, now, PROFILE_SUMMARY_LIMITS.maxOffers).map((o) => ({
      id: `offer-${o.id}`,
      title: o.title,
      ...(o.valid_until === null ? {} : { validUntil: new Date(o.valid_until).toISOString() }),
      personal: o.personal === 1,
    }));
    const demo = demoIndexes.flatMap((index) => demoOffers(index, this.demo.seed, now));
    // Personal offers first (newest added first), then the general ones, each once.
    const all = [...added, ...demo].sort((a, b) => Number(b.personal) - Number(a.personal));
    const seen = new Set<string>();
    return all.filter((o) => !seen.has(o.id) && seen.add(o.id)).slice(0, PROFILE_SUMMARY_LIMITS.maxOffers);
  }

  private purchasesOf(seq: number, demoIndexes: number[], now: number): SummaryPurchase[] {
    const limit = PROFILE_SUMMARY_LIMITS.maxRecentPurchases;
    const added: SummaryPurchase[] = this.s.purchases.all(seq, limit).map((p) => ({
      at: new Date(p.at).toISOString(),
      channel: p.channel,
      ...(p.store_name === null ? {} : { storeName: p.store_name }),
      total: p.total,
      currency: p.currency,
      itemCount: p.item_count,
    }));
    const receipts = this.s.receipts.all(seq, RECEIPTS_READ).map((r) => this.fromReceipt(JSON.parse(r.payload) as ReceiptPayload));
    const demo = demoIndexes.flatMap((index) => demoPurchases(index, this.demo.seed, now));
    return [...added, ...receipts, ...demo].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, limit);
  }

  private fromReceipt(receipt: ReceiptPayload): SummaryPurchase {
    // A weighed line (1.25 kg) or a return is one item; whole quantities count each piece.
    const itemCount = receipt.lines.reduce((n, line) => n + (Number.isInteger(line.quantity) && line.quantity > 0 ? line.quantity : 1), 0);
    return {
      at: receipt.createdAt,
      channel: 'store',
      storeName: this.storeName,
      receiptId: receipt.receiptId,
      total: receipt.total,
      currency: receipt.currency,
      itemCount,
    };
  }
}
