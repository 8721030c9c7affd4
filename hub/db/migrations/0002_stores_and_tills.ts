/** Stores, their one-time enrolment codes, and the tills those codes became. Device tokens are kept as SHA-256. */
export const STORES_AND_TILLS = `
CREATE TABLE stores (
  store_id text PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE enrolment_codes (
  code text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (store_id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  till_id text
);

CREATE TABLE tills (
  till_id text PRIMARY KEY,
  token_sha256 text NOT NULL UNIQUE,
  store_id text NOT NULL REFERENCES stores (store_id),
  name text NOT NULL,
  app_version text,
  platform text,
  enrolled_at bigint NOT NULL,
  last_seen_at bigint
);
CREATE INDEX tills_by_store ON tills (store_id);
`;
