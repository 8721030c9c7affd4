import type { IncomingHttpHeaders } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export type WebhookVerdict =
  | { ok: true; id: string; payload: unknown }
  | { ok: false; problem: 'unsigned' | 'stale' | 'bad_signature' };

function one(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies a webhook signed the Standard Webhooks way (HMAC-SHA256 over `id.timestamp.body`, secret `whsec_…`), with
 * the `standardwebhooks` package. Voyado sends through Svix, which names the same three headers `svix-id`,
 * `svix-timestamp`, `svix-signature`; either naming is read. A timestamp more than five minutes off is refused (stale).
 */
export class WebhookVerifier {
  private readonly webhook: Webhook;

  /** Throws when the secret is not a Standard Webhooks secret (`whsec_` and base64). */
  constructor(secret: string) {
    if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) throw new Error('the webhook secret must be whsec_ followed by base64 (as Voyado/Svix show it)');
    this.webhook = new Webhook(secret);
  }

  verify(rawBody: Buffer, headers: IncomingHttpHeaders): WebhookVerdict {
    const id = one(headers, 'webhook-id') ?? one(headers, 'svix-id');
    const timestamp = one(headers, 'webhook-timestamp') ?? one(headers, 'svix-timestamp');
    const signature = one(headers, 'webhook-signature') ?? one(headers, 'svix-signature');
    if (id === undefined || timestamp === undefined || signature === undefined || id === '' || id.length > 200) return { ok: false, problem: 'unsigned' };
    try {
      const payload = this.webhook.verify(rawBody.toString('utf8'), { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
      return { ok: true, id, payload };
    } catch (error) {
      if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) return { ok: false, problem: 'stale' };
      return { ok: false, problem: 'bad_signature' };
    }
  }
}
