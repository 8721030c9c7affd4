/**
 * The demo CRM's one shared phone number: a household number that its search finds on two contacts (the first two
 * demo members), so a demo can show "several members share this; ask for another identifier". The mirror keeps an
 * identifier on one profile only, so it holds this number for neither member: a till's lookup of it always reaches
 * the connector, which answers `several`. No demo member's own phone is in the 073 series.
 */
export const DEMO_SHARED_PHONE = '+46735550100';
