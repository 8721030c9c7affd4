/**
 * The demo CRM's one shared phone number: a household number its search finds on the first two demo members (while
 * both exist), so a demo can show "several members share this; ask for another identifier". It is in neither
 * member's own identifiers (a till's cache holds an identifier for one member only), so a till always misses it and
 * asks. No demo member's own phone is in the 073 series. The hub's demo connector has the same number.
 */
export const DEMO_SHARED_PHONE = '+46735550100';
