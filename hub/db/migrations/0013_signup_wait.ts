/**
 * A receipt or consent whose till's sign-up never reached the hub waits a bounded time: `waiting_since` is when a
 * worker first found it waiting for that sign-up (cleared when the admin requeues it, so the wait starts again).
 */
export const SIGNUP_WAIT = `
ALTER TABLE crm_deliveries ADD COLUMN waiting_since bigint;
`;
