/**
 * Step-up orders: one row per verification a till started (SMS code, e-mail link, BankID order). Codes are kept only
 * as a salted digest. `step_up_messages` is what the hub handed to its message delivery (the demo's stand-in for an
 * SMS gateway and a mail server, read by the admin API); `step_up_sends` feeds the per-destination rate limit.
 */
export const STEP_UP_ORDERS = `
CREATE TABLE step_up_orders (
  verification_id text PRIMARY KEY,
  till_id text NOT NULL,
  -- As the till named it; resolved_profile_id is what it resolved to (null: unknown, erased, not signed up yet).
  profile_id text NOT NULL,
  resolved_profile_id text,
  method text NOT NULL CHECK (method IN ('sms', 'email_link', 'bankid')),
  status text NOT NULL CHECK (status IN ('pending', 'verified', 'expired', 'too_many_tries', 'failed', 'cancelled')),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  finished_at bigint,
  code_digest text,
  tries_left integer,
  link_token text UNIQUE,
  order_ref text UNIQUE,
  qr_start_token text,
  qr_start_secret text,
  bankid_status text,
  hint_code text
);
CREATE INDEX step_up_orders_by_profile ON step_up_orders (profile_id, method, created_at);

CREATE TABLE step_up_messages (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  address text,
  body text NOT NULL,
  verification_id text NOT NULL,
  sent_at bigint NOT NULL
);
CREATE INDEX step_up_messages_by_address ON step_up_messages (channel, address, id) WHERE address IS NOT NULL;

CREATE TABLE step_up_sends (
  rate_key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX step_up_sends_by_key ON step_up_sends (rate_key, at);
`;
