/**
 * What a profile summary shows besides the receipts tills sent: offers, and purchases made in other channels (web,
 * app), as the CRM connector or the admin API reports them.
 */
export const SUMMARIES = `
CREATE TABLE member_offers (
  id bigserial PRIMARY KEY,
  profile_id text NOT NULL,
  title text NOT NULL,
  valid_until bigint,
  personal boolean NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX member_offers_by_profile ON member_offers (profile_id, id);

CREATE TABLE channel_purchases (
  id bigserial PRIMARY KEY,
  profile_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('store', 'web', 'app')),
  at bigint NOT NULL,
  total double precision NOT NULL,
  currency text NOT NULL,
  item_count integer NOT NULL,
  store_name text
);
CREATE INDEX channel_purchases_by_profile ON channel_purchases (profile_id, at);
`;
