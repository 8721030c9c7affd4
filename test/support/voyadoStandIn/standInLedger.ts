import { randomUUID } from 'node:crypto';

export interface StandInPromotion {
  id: string;
  promotionId: string;
  externalId: string | null;
  type: 'Multichannel';
  name: string;
  expiresOn: string | null;
  redemptionChannels: { type: 'POS' | 'ECOM' | 'OTHER'; valueType: string; value: string; instruction: string | null }[];
}

/** A promotion instance redeemed through `POST /promotions/codes/{id}/redeem`: once, on one channel. */
export interface StandInPromotionRedemption {
  contactId: string;
  channel: 'POS' | 'ECOM' | 'OTHER';
  /** Redeem requests for it, the refused repeats included. */
  requests: number;
}

/** What the stand-in keeps besides contacts: receipts once per uniqueReceiptId, point accounts, promotions. */
export class StandInLedger {
  /** uniqueReceiptId → the receipt as posted (the first one; repeats are ignored, as Voyado does). */
  readonly receipts = new Map<string, Record<string, unknown>>();
  /** How many receipt posts were ignored as repeats of a uniqueReceiptId. */
  repeatedReceipts = 0;
  /** contactId → balance of point definition 1. */
  readonly points = new Map<string, number>();
  /** Idempotency-Key → the request body it was first used with and the answer given. */
  readonly idempotency = new Map<string, { body: string; status: number; answer: string }>();
  /** Point transactions applied (one per row of an accepted request). */
  readonly pointTransactions: { id: string; contactId: string; amount: number; source: string; description: string }[] = [];
  readonly promotions = new Map<string, StandInPromotion[]>();
  /** Promotion instance id → its redemption. A redeemed promotion is no longer listed on its contact. */
  readonly promotionRedemptions = new Map<string, StandInPromotionRedemption>();

  balance(contactId: string): number {
    return this.points.get(contactId.toLowerCase()) ?? 0;
  }

  setBalance(contactId: string, balance: number): void {
    this.points.set(contactId.toLowerCase(), balance);
  }

  addPromotion(contactId: string, promotion: Partial<StandInPromotion> & { name: string }): StandInPromotion {
    const full: StandInPromotion = {
      id: randomUUID(), promotionId: randomUUID(), externalId: null, type: 'Multichannel', expiresOn: null,
      redemptionChannels: [{ type: 'POS', valueType: 'PERCENT', value: '10', instruction: null }],
      ...promotion,
    };
    const list = this.promotions.get(contactId.toLowerCase()) ?? [];
    list.push(full);
    this.promotions.set(contactId.toLowerCase(), list);
    return full;
  }
}
