/**
 * The upload ledger: every idempotency key's first answer (replayed on a retry, whichever hub process answers it),
 * receipts once per receiptId, consents, and the sign-up mappings from a till's provisional id to the CRM's.
 */
export const UPLOAD_LEDGER = `
CREATE TABLE upload_ledger (
  idempotency_key text PRIMARY KEY,
  till_id text NOT NULL,
  kind text NOT NULL,
  result_json text NOT NULL,
  at bigint NOT NULL
);

CREATE TABLE provisional_mappings (
  provisional_id text PRIMARY KEY,
  profile_id text NOT NULL,
  till_id text NOT NULL,
  at bigint NOT NULL
);

CREATE TABLE receipts (
  receipt_id text PRIMARY KEY,
  profile_id text,
  -- A provisional id whose sign-up has not arrived yet: linked when it does.
  pending_ref text,
  till_id text NOT NULL,
  received_at bigint NOT NULL,
  payload text NOT NULL
);
CREATE INDEX receipts_by_profile ON receipts (profile_id);
CREATE INDEX receipts_by_pending_ref ON receipts (pending_ref) WHERE pending_ref IS NOT NULL;

CREATE TABLE consents (
  id bigserial PRIMARY KEY,
  profile_id text,
  pending_ref text,
  purpose text NOT NULL,
  granted boolean NOT NULL,
  at text NOT NULL,
  source text NOT NULL,
  till_id text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX consents_by_profile ON consents (profile_id);
CREATE INDEX consents_by_pending_ref ON consents (pending_ref) WHERE pending_ref IS NOT NULL;
`;
