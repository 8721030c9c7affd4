/**
 * The member mirror and the change log behind the tills' cursors. Identifiers are held in clear (normalised), as
 * the CRM holds them: tills hash them with their own keys. `row_json` is the profile's bootstrap row
 * (ProfileRowSchema), rendered on every write, so a bootstrap page is a string join and never a re-serialisation.
 */
export const MIRROR_AND_FEED = `
CREATE TABLE hub_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE profiles (
  seq bigserial PRIMARY KEY,
  profile_id text NOT NULL UNIQUE,
  last_name text,
  created_at bigint NOT NULL,
  row_json text NOT NULL
);

CREATE TABLE identifiers (
  kind text NOT NULL,
  value text NOT NULL,
  profile_id text NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX identifiers_by_profile ON identifiers (profile_id);

-- Erased and merged-away profiles: a till's reference to one still resolves (to nobody, or to the survivor).
CREATE TABLE gone_profiles (
  profile_id text PRIMARY KEY,
  reason text NOT NULL CHECK (reason IN ('erased', 'merged')),
  into_profile_id text,
  at bigint NOT NULL
);

-- Ids only: an upsert is rendered from the profile's state when served.
CREATE TABLE change_log (
  seq bigserial PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('upsert', 'erase', 'merge', 'keys')),
  profile_id text,
  from_profile_id text,
  at bigint NOT NULL
);

CREATE TABLE member_qr_keys (
  kid text PRIMARY KEY,
  public_key text NOT NULL,
  private_key_pkcs8 text NOT NULL,
  not_before bigint NOT NULL,
  not_after bigint,
  revoked boolean NOT NULL DEFAULT false,
  signing boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL
);
`;
