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

/** A reward voucher as "Vouchers" (v3) prints one: its id is unique to the contact who holds it. */
export interface StandInVoucher {
  id: string;
  voucherNumber: string;
  name: string;
  redeemed: boolean;
  redeemedOn: string | null;
  expiresOn: string | null;
  value: { currency: string; amount: number };
  localValues: { currency: string; amount: number }[];
  points: number;
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
  /** contactId → the contact's reward vouchers (available, redeemed and expired). */
  readonly vouchers = new Map<string, StandInVoucher[]>();
  /** Voucher id → redeem requests for it, the refused repeats included. */
  readonly voucherRedeemRequests = new Map<string, number>();

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

  addVoucher(contactId: string, voucher: Partial<StandInVoucher> = {}): StandInVoucher {
    const full: StandInVoucher = {
      id: randomUUID(), voucherNumber: String(2_500_000_000_000 + Math.floor(Math.random() * 1e9)), name: 'Bonuscheck', redeemed: false, redeemedOn: null,
      expiresOn: null, value: { currency: 'SEK', amount: 100 }, localValues: [], points: 1000,
      ...voucher,
    };
    const list = this.vouchers.get(contactId.toLowerCase()) ?? [];
    list.push(full);
    this.vouchers.set(contactId.toLowerCase(), list);
    return full;
  }
}
