/**
 * Signed webhooks received from a CRM (Voyado through Svix), by their message id: a delivery is applied once, and a
 * replay of it within the signature's five-minute tolerance is refused. Rows older than a day are pruned.
 */
export const WEBHOOK_DELIVERIES = `
CREATE TABLE webhook_deliveries (
  webhook_id text PRIMARY KEY,
  type text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
`;
