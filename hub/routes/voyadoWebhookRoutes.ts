import type { Logger } from 'pino';
import { applyVoyadoWebhook } from '../connectors/voyado/applyVoyadoWebhook';
import type { WebhookDeps } from '../connectors/voyado/applyVoyadoWebhook';
import { VoyadoWebhookEventSchema, WebhookEnvelopeSchema } from '../connectors/voyado/voyadoWebhookEvents';
import type { WebhookVerifier } from '../connectors/voyado/webhookVerifier';
import { noContentReply, problemReply } from '../http/replies';
import type { Route } from '../http/routeTable';

export const VOYADO_WEBHOOK_PATH = '/webhooks/voyado';

const REFUSED = {
  unsigned: [401, 'webhook_unsigned', 'a webhook needs its webhook-id (svix-id), timestamp and signature headers'],
  bad_signature: [401, 'webhook_signature_invalid', 'the signature does not match this hub’s webhook secret'],
  stale: [401, 'webhook_stale', 'the webhook’s timestamp is more than five minutes from the hub’s clock'],
} as const;

/**
 * `POST /webhooks/voyado`: Voyado's webhooks (sent by Svix), with no authentication but their Standard Webhooks
 * signature. Unsigned, wrongly signed and stale ones are refused 401, a replayed delivery id 409; a verified one is
 * applied to the mirror once (204), or answered 503 with Retry-After when Voyado cannot be asked for the contact now
 * (Svix sends it again later). Logs carry the type and outcome, never the body.
 */
export function voyadoWebhookRoutes(deps: WebhookDeps, verifier: WebhookVerifier, logger: Logger): Route[] {
  return [{
    method: 'POST', path: VOYADO_WEBHOOK_PATH, auth: 'none', rawBody: true, bodyLimit: 256 * 1024,
    handle: async ({ rawBody, headers, now }) => {
      const verdict = verifier.verify(rawBody ?? Buffer.alloc(0), headers);
      if (!verdict.ok) {
        const [status, type, detail] = REFUSED[verdict.problem];
        logger.warn({ problem: verdict.problem }, 'voyado webhook refused');
        return problemReply(status, type, detail);
      }
      const envelope = WebhookEnvelopeSchema.safeParse(verdict.payload);
      if (!envelope.success) return problemReply(400, 'bad_request', 'a webhook payload is an object with a type');
      const known = VoyadoWebhookEventSchema.safeParse(verdict.payload);
      const applies = known.success || !VoyadoWebhookEventSchema.options.some((o) => o.shape.type.safeParse(envelope.data.type).success);
      if (!applies) return problemReply(400, 'bad_request', `the ${envelope.data.type} webhook's data is not the shape the hub reads`);
      const outcome = await applyVoyadoWebhook(deps, verdict.id, envelope.data.type, known.success ? known.data : null, now);
      if (outcome === 'replayed') {
        logger.warn({ type: envelope.data.type }, 'voyado webhook replayed: refused');
        return problemReply(409, 'webhook_replayed', 'this webhook delivery was received before');
      }
      if (typeof outcome === 'object') {
        logger.info({ type: envelope.data.type, reason: outcome.retryLater }, 'voyado webhook deferred: the contact cannot be fetched now');
        const reply = problemReply(503, 'unavailable', 'Voyado cannot be asked for the contact now; send it again later');
        return { ...reply, headers: { ...reply.headers, 'retry-after': String(Math.max(1, Math.ceil((outcome.retryAfterMs ?? 5000) / 1000))) } };
      }
      logger.info({ type: envelope.data.type, outcome }, 'voyado webhook');
      return noContentReply();
    },
  }];
}
