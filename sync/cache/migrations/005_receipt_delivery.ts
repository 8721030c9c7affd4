import type { Migration } from './migration';

/**
 * Each receipt remembers its outbox item, so a profile's receipt list can say whether the CRM has it yet
 * (queued, delivered, or refused as a dead letter). Receipts stored before this migration show as delivered
 * only once no pending item could be theirs: they are matched by receiptId in still-pending payloads.
 */
export const migration005: Migration = {
  version: 5,
  name: 'receipt delivery state',
  up(db) {
    db.exec(`
      ALTER TABLE receipts ADD COLUMN outbox_id TEXT;
      UPDATE receipts SET outbox_id = (
        SELECT o.id FROM outbox o
        WHERE o.kind = 'receipt' AND o.payload IS NOT NULL AND json_extract(o.payload, '$.receiptId') = receipts.receipt_id
      );
    `);
  },
};
