import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A webhook as Voyado's provider (Svix) sends it: the body and its `svix-id`, `svix-timestamp`, `svix-signature`. */
export interface SignedWebhook {
  id: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Signs an event the way Svix does (Standard Webhooks: HMAC-SHA256 over `id.timestamp.body` with the `whsec_` secret),
 * at `at` (default now), under `id` (default a fresh one).
 */
export function signWebhook(secret: string, type: string, data: Record<string, unknown>, options: { at?: Date; id?: string } = {}): SignedWebhook {
  const at = options.at ?? new Date();
  const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
  const signature = new Webhook(secret).sign(id, at, body);
  return { id, body, headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature } };
}

/** POSTs a signed webhook to a receiver and answers its status. */
export async function deliverWebhook(url: string, webhook: SignedWebhook): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body });
  await response.arrayBuffer();
  return response.status;
}

/** A fresh signing secret in Svix's form. */
export function webhookSecret(): string {
  return `whsec_${Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64')}`;
}
