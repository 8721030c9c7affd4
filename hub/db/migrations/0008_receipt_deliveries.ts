/**
 * The receipts customers asked to get by e-mail or SMS (upload kind `receipt_delivery`). The hub holds each request
 * once (the upload ledger keeps its idempotency key) for the admin API, and sends nothing until a connector delivers
 * them (issue 10). `source` says where the address came from: typed by the customer, or the member's contact on file.
 */
export const RECEIPT_DELIVERIES = `
CREATE TABLE receipt_deliveries (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  receipt_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  address text NOT NULL,
  source text NOT NULL CHECK (source IN ('typed', 'member')),
  profile_id text,
  till_id text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX receipt_deliveries_by_receipt ON receipt_deliveries (receipt_id);
CREATE INDEX receipt_deliveries_by_profile ON receipt_deliveries (profile_id);
`;
