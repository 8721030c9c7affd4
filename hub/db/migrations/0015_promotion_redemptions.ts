/**
 * Promotion redemptions (sync/protocol/promotionRedemption.ts): one row per member's offer once a till tried to redeem
 * it. `state`: `pending` while a hub process asks the CRM, `unconfirmed` when the CRM's answer was lost (it may have
 * been applied: `idempotency_key` is that attempt's, and a retry under it that the CRM answers "already redeemed" is
 * that attempt's success), `redeemed` for good. `unconfirmed_key`: the last attempt whose answer was lost, kept while
 * another attempt is pending. The answers themselves are in `upload_ledger` under each attempt's key.
 */
export const PROMOTION_REDEMPTIONS = `
CREATE TABLE promotion_redemptions (
  offer_id text NOT NULL,
  profile_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'unconfirmed', 'redeemed')),
  idempotency_key text,
  unconfirmed_key text,
  till_id text,
  updated_at bigint NOT NULL,
  PRIMARY KEY (profile_id, offer_id)
);
`;
