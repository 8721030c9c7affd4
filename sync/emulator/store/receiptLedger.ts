import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ConsentPayload, ReceiptPayload } from '../../protocol';

/** A receipt as the CRM holds it. */
export interface HeldReceipt {
  payload: ReceiptPayload;
  /** Row number of the linked profile, null when unlinked (anonymous, erased, or awaiting a sign-up). */
  profileSeq: number | null;
  deviceId: string;
  receivedAt: number;
}

export interface HeldConsent {
  purpose: string;
  granted: boolean;
  at: string;
  source: string;
  deviceId: string;
  receivedAt: number;
}

/** Where a receipt or consent attaches: a profile, nowhere, or a provisional id awaiting its sign-up. */
export interface Attachment {
  profileSeq: number | null;
  pendingRef: string | null;
}

/** Receipts (each receiptId once) and consents the CRM received. Callers own transactions. */
export class ReceiptLedger {
  private readonly s;

  constructor(db: SqliteDatabase) {
    this.s = {
      hasReceipt: db.prepare<[string], number>('SELECT 1 FROM receipts WHERE receipt_id = ?').pluck(),
      insertReceipt: db.prepare<[string, number | null, string | null, string, number, string]>(
        'INSERT INTO receipts (receipt_id, profile_seq, pending_ref, device_id, received_at, payload) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      pendingReceipts: db.prepare<[string], { receipt_id: string; payload: string }>('SELECT receipt_id, payload FROM receipts WHERE pending_ref = ?'),
      linkPendingReceipts: db.prepare<[number, string]>('UPDATE receipts SET profile_seq = ?, pending_ref = NULL WHERE pending_ref = ?'),
      unlinkReceipts: db.prepare<[number]>('UPDATE receipts SET profile_seq = NULL WHERE profile_seq = ?'),
      repointReceipts: db.prepare<[number, number]>('UPDATE receipts SET profile_seq = ? WHERE profile_seq = ?'),
      receiptsOf: db.prepare<[number, number], ReceiptRowShape>('SELECT * FROM receipts WHERE profile_seq = ? ORDER BY received_at, receipt_id LIMIT ?'),
      allReceipts: db.prepare<[number], ReceiptRowShape>('SELECT * FROM receipts ORDER BY received_at, receipt_id LIMIT ?'),
      receiptCount: db.prepare<[], number>('SELECT count(*) FROM receipts').pluck(),
      insertConsent: db.prepare<[number | null, string | null, string, number, string, string, string, number]>(
        'INSERT INTO consents (profile_seq, pending_ref, purpose, granted, at, source, device_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      linkPendingConsents: db.prepare<[number, string]>('UPDATE consents SET profile_seq = ?, pending_ref = NULL WHERE pending_ref = ?'),
      deleteConsents: db.prepare<[number]>('DELETE FROM consents WHERE profile_seq = ?'),
      repointConsents: db.prepare<[number, number]>('UPDATE consents SET profile_seq = ? WHERE profile_seq = ?'),
      consentsOf: db.prepare<[number], ConsentRowShape>('SELECT * FROM consents WHERE profile_seq = ? ORDER BY id'),
    };
  }

  hasReceipt(receiptId: string): boolean {
    return this.s.hasReceipt.get(receiptId) !== undefined;
  }

  addReceipt(payload: ReceiptPayload, at: Attachment, deviceId: string, now: number): void {
    this.s.insertReceipt.run(payload.receiptId, at.profileSeq, at.pendingRef, deviceId, now, JSON.stringify(payload));
  }

  addConsent(payload: ConsentPayload, at: Attachment, deviceId: string, now: number): void {
    this.s.insertConsent.run(at.profileSeq, at.pendingRef, payload.purpose, payload.granted ? 1 : 0, payload.at, payload.source, deviceId, now);
  }

  /** Links what waited for provisional id `ref` to profile `seq`; returns the totals of the receipts linked. */
  linkPending(ref: string, seq: number): number[] {
    const totals = this.s.pendingReceipts.all(ref).map((r) => (JSON.parse(r.payload) as ReceiptPayload).total);
    this.s.linkPendingReceipts.run(seq, ref);
    this.s.linkPendingConsents.run(seq, ref);
    return totals;
  }

  /** Erasure: receipts stay, unlinked; consents go. */
  forgetProfile(seq: number): void {
    this.s.unlinkReceipts.run(seq);
    this.s.deleteConsents.run(seq);
  }

  /** Merge: everything of `fromSeq` now belongs to `intoSeq`. */
  repoint(fromSeq: number, intoSeq: number): void {
    this.s.repointReceipts.run(intoSeq, fromSeq);
    this.s.repointConsents.run(intoSeq, fromSeq);
  }

  receipts(filter: { profileSeq?: number; limit: number }): HeldReceipt[] {
    const rows = filter.profileSeq === undefined ? this.s.allReceipts.all(filter.limit) : this.s.receiptsOf.all(filter.profileSeq, filter.limit);
    return rows.map((r) => ({ payload: JSON.parse(r.payload) as ReceiptPayload, profileSeq: r.profile_seq, deviceId: r.device_id, receivedAt: r.received_at }));
  }

  consents(profileSeq: number): HeldConsent[] {
    return this.s.consentsOf.all(profileSeq).map((c) => ({
      purpose: c.purpose, granted: c.granted === 1, at: c.at, source: c.source, deviceId: c.device_id, receivedAt: c.received_at,
    }));
  }

  receiptCount(): number {
    return this.s.receiptCount.get() ?? 0;
  }
}

interface ReceiptRowShape {
  receipt_id: string;
  profile_seq: number | null;
  pending_ref: string | null;
  device_id: string;
  received_at: number;
  payload: string;
}

interface ConsentRowShape {
  purpose: string;
  granted: number;
  at: string;
  source: string;
  device_id: string;
  received_at: number;
}
