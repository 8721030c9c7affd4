/**
 * What the hub owes its CRM, and where it is in the CRM's change notifications.
 * - `crm_deliveries`: the outbound queue. One row per sign-up, receipt and redemption a till sent (unique per kind and
 *   item), written in the same transaction that accepted it; delivery workers in every hub process claim due rows
 *   (FOR UPDATE SKIP LOCKED, then a lease) and record the outcome. Failed rows stay, with their reason.
 * - `crm_change_feed`: one row: the connector's change position, and the lease of the one process that polls it.
 * - `crm_changed_members`: ids the CRM reported changed or erased, not yet applied to the mirror (bounded rounds).
 */
export const CRM_DELIVERIES = `
CREATE TABLE crm_deliveries (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('signup', 'receipt', 'redemption')),
  -- The receipt's receiptId, the sign-up's provisional id, the redemption's idempotency key.
  item_key text NOT NULL,
  till_id text NOT NULL,
  store_id text,
  -- signup: the profile the hub made for it; redemption: the profile redeemed at; receipt: read from receipts.
  profile_ref text,
  -- signup: its payload (cleared once delivered); redemption: the points; receipt: null (kept in receipts).
  payload text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_at bigint NOT NULL,
  lease_token text,
  lease_until bigint,
  reason text,
  created_at bigint NOT NULL,
  last_attempt_at bigint,
  done_at bigint,
  UNIQUE (kind, item_key)
);
CREATE INDEX crm_deliveries_due ON crm_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX crm_deliveries_signup_profile ON crm_deliveries (profile_ref) WHERE kind = 'signup';
CREATE INDEX crm_deliveries_done ON crm_deliveries (state, done_at);

CREATE TABLE crm_change_feed (
  id integer PRIMARY KEY CHECK (id = 1),
  connector text,
  position text,
  holder text,
  lease_until bigint NOT NULL DEFAULT 0,
  polled_at bigint
);
INSERT INTO crm_change_feed (id) VALUES (1);

CREATE TABLE crm_changed_members (
  profile_id text PRIMARY KEY,
  erased boolean NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_at bigint NOT NULL
);
CREATE INDEX crm_changed_members_due ON crm_changed_members (next_at);
`;
