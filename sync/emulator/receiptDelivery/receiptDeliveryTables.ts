/**
 * The receipts customers asked to get by e-mail or SMS. The emulated CRM records each request once (the upload
 * ledger keeps its idempotency key) and sends nothing: a test reads the requests through the admin API.
 * `source` says where the address came from: typed by the customer, or the member's contact on file.
 */
export const RECEIPT_DELIVERY_MIGRATION = `
  CREATE TABLE receipt_deliveries (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    receipt_id TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    address TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('typed', 'member')),
    profile_seq INTEGER,
    device_id TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX receipt_deliveries_by_receipt ON receipt_deliveries (receipt_id);
`;
