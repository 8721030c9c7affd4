/**
 * Consents reach the CRM too: `crm_deliveries` takes kind `consent` (item_key: the `consents` row's id, read at
 * delivery as receipts are, so a sign-up's mapping or a merge that moves the row is followed), and a consent keeps the
 * version of the text the customer consented to, which the CRM is told.
 */
export const CONSENT_DELIVERIES = `
ALTER TABLE crm_deliveries DROP CONSTRAINT crm_deliveries_kind_check;
ALTER TABLE crm_deliveries ADD CONSTRAINT crm_deliveries_kind_check CHECK (kind IN ('signup', 'receipt', 'redemption', 'consent'));
ALTER TABLE consents ADD COLUMN version text;
CREATE INDEX consents_by_profile_purpose ON consents (profile_id, purpose);
`;
