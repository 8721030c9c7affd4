/**
 * The emulated CRM's step-up tables (migration 2 of store/emulatorDatabase.ts). Codes are kept only as a salted
 * digest; the sent-message log stands in for the SMS gateway and the mail server, so the admin API can show what a
 * customer's phone or inbox would have received.
 */
export const STEP_UP_MIGRATION = `
  CREATE TABLE step_up_verifications (
    verification_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    -- As the till named it; profile_seq is what it resolved to (null: unknown, erased, or not yet signed up here).
    profile_id TEXT NOT NULL,
    profile_seq INTEGER,
    method TEXT NOT NULL CHECK (method IN ('sms', 'email_link', 'bankid')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'expired', 'too_many_tries', 'failed', 'cancelled')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    finished_at INTEGER,
    code_digest TEXT,
    tries_left INTEGER,
    link_token TEXT UNIQUE,
    order_ref TEXT UNIQUE,
    qr_start_token TEXT,
    qr_start_secret TEXT,
    bankid_status TEXT,
    hint_code TEXT
  );
  CREATE INDEX step_up_verifications_by_profile ON step_up_verifications (profile_id, method);

  -- What the gateway "sent". address is null when there was nobody to send to: the start still did the same work.
  CREATE TABLE step_up_messages (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    address TEXT,
    body TEXT NOT NULL,
    verification_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL
  );
  CREATE INDEX step_up_messages_by_address ON step_up_messages (channel, address, id) WHERE address IS NOT NULL;

  -- One row per send, for the per-destination rate limit.
  CREATE TABLE step_up_sends (
    rate_key TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX step_up_sends_by_key ON step_up_sends (rate_key, at);
`;
