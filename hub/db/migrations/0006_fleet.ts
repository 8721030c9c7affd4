/**
 * The fleet: each till's latest heartbeat (one row per till, overwritten), and the one-time codes and sessions that
 * let a store manager see their own store's tills. Codes and session tokens are kept as SHA-256 only.
 */
export const FLEET = `
CREATE TABLE till_heartbeats (
  till_id text PRIMARY KEY REFERENCES tills (till_id),
  received_at bigint NOT NULL,
  version text NOT NULL,
  clock_skew_ms bigint NOT NULL,
  last_pull_at bigint,
  last_push_at bigint,
  outbox_count integer NOT NULL,
  outbox_oldest_at bigint,
  dead_letters integer NOT NULL,
  devices_json text NOT NULL
);

CREATE TABLE store_manager_codes (
  code_sha256 text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (store_id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint
);

CREATE TABLE store_manager_sessions (
  token_sha256 text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (store_id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
`;
