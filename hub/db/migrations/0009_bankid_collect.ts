/**
 * `collected_at`: when the hub last asked BankID's /collect about an order. The till polls every second, through any
 * hub process; BankID asks for one collect every 2 s per order, so a poll collects only when it can claim the order
 * (this column at least 2 s old), in the database, across processes.
 */
export const BANKID_COLLECT = `
ALTER TABLE step_up_orders ADD COLUMN collected_at bigint;
`;
