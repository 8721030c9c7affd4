/**
 * A sign-up the hub matched to a member it already mirrors is owed to the CRM too, for what it added to that member
 * (identifiers, a first name): `crm_deliveries` takes kind `matched_signup` (item_key: the till's provisional id;
 * profile_ref: the member; payload: the additions, cleared once delivered).
 */
export const MATCHED_SIGNUPS = `
ALTER TABLE crm_deliveries DROP CONSTRAINT crm_deliveries_kind_check;
ALTER TABLE crm_deliveries ADD CONSTRAINT crm_deliveries_kind_check CHECK (kind IN ('signup', 'receipt', 'redemption', 'consent', 'matched_signup'));
`;
