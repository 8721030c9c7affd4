import type { Database, Statement } from 'better-sqlite3';
import { withFullSync } from './durability';
import type { OutboxRepository } from './outboxRepository';
import type { OutboxState, ReceiptRecord, StoredReceipt } from './types';

interface ReceiptRow {
  receipt_id: string;
  profile_id: string | null;
  created_at: number;
  currency: string;
  total_minor: number;
  body: string;
  queued_at: number;
  delivery: OutboxState | null;
}

/**
 * Finished sales. `enqueueReceipt` writes the receipt and its outbox item in one fsynced transaction keyed by the
 * POS's receiptId, so the POS API may answer 202 as soon as it returns, and a retried POST is a `duplicate`
 * (the first version wins; a retry never queues a second delivery).
 */
export class ReceiptRepository {
  private readonly insert: Statement;
  private readonly selectById: Statement;
  private readonly selectForProfile: Statement;
  private readonly setOutboxId: Statement;
  private readonly enqueueTransaction: (receipt: ReceiptRecord) => 'queued' | 'duplicate';

  constructor(db: Database, outbox: OutboxRepository, private readonly now: () => number = Date.now) {
    this.insert = db.prepare(
      `INSERT INTO receipts (receipt_id, profile_id, created_at, currency, total_minor, body, queued_at)
       VALUES (@receiptId, @profileId, @createdAt, @currency, @totalMinor, @body, @queuedAt)
       ON CONFLICT (receipt_id) DO NOTHING`,
    );
    const withDelivery = 'SELECT r.*, o.state AS delivery FROM receipts r LEFT JOIN outbox o ON o.id = r.outbox_id';
    this.selectById = db.prepare(`${withDelivery} WHERE r.receipt_id = ?`);
    this.selectForProfile = db.prepare(`${withDelivery} WHERE r.profile_id = ? ORDER BY r.created_at DESC, r.receipt_id DESC LIMIT ?`);
    this.setOutboxId = db.prepare('UPDATE receipts SET outbox_id = ? WHERE receipt_id = ?');
    const enqueue = db.transaction((receipt: ReceiptRecord): 'queued' | 'duplicate' => {
      const body = JSON.stringify(receipt.body ?? null);
      const inserted = this.insert.run({
        receiptId: receipt.receiptId,
        profileId: receipt.profileId,
        createdAt: receipt.createdAt,
        currency: receipt.currency,
        totalMinor: receipt.totalMinor,
        body,
        queuedAt: this.now(),
      });
      if (inserted.changes === 0) return 'duplicate';
      const outboxId = outbox.enqueue({
        kind: 'receipt',
        profileId: receipt.profileId,
        payload: { receiptId: receipt.receiptId, createdAt: receipt.createdAt, currency: receipt.currency, totalMinor: receipt.totalMinor, body: receipt.body ?? null },
      });
      this.setOutboxId.run(outboxId, receipt.receiptId);
      return 'queued';
    });
    this.enqueueTransaction = (receipt) => withFullSync(db, () => enqueue.immediate(receipt));
  }

  /** Stores the receipt and queues it for the CRM, durably, unless a receipt with this id is already stored. */
  enqueueReceipt(receipt: ReceiptRecord): 'queued' | 'duplicate' {
    if (typeof receipt.receiptId !== 'string' || receipt.receiptId.length === 0) throw new Error('a receipt needs a receiptId');
    return this.enqueueTransaction(receipt);
  }

  findById(receiptId: string): StoredReceipt | undefined {
    const row = this.selectById.get(receiptId) as ReceiptRow | undefined;
    return row ? receiptFromRow(row) : undefined;
  }

  /** The profile's receipts, newest first. */
  listForProfile(profileId: string, limit = 20): StoredReceipt[] {
    return (this.selectForProfile.all(profileId, Math.max(0, Math.trunc(limit))) as ReceiptRow[]).map(receiptFromRow);
  }
}

function receiptFromRow(row: ReceiptRow): StoredReceipt {
  return {
    receiptId: row.receipt_id,
    profileId: row.profile_id,
    createdAt: row.created_at,
    currency: row.currency,
    totalMinor: row.total_minor,
    body: JSON.parse(row.body) as unknown,
    queuedAt: row.queued_at,
    // Pruned outbox rows were delivered long ago.
    delivery: row.delivery ?? 'delivered',
  };
}
