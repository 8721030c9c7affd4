/**
 * When a pending promotion redemption's request went to the CRM (`sent_at`, epoch ms; null while the connector has not
 * sent it). A claim left `pending` by a hub process that died is then told apart: never sent, the next attempt is
 * checked afresh; sent, its answer was lost and a retry under its key may settle it (`unconfirmed`).
 */
export const PROMOTION_SENT = `
ALTER TABLE promotion_redemptions ADD COLUMN sent_at bigint;
`;
