import { z } from 'zod';
import { VoyadoContactIdSchema } from './voyadoSchemas';

const contactId = VoyadoContactIdSchema.transform((id) => id.toLowerCase());

/**
 * The Voyado webhooks the hub applies, each `{type, timestamp, data}` (the Standard Webhooks payload form). The ids
 * are the reference's (`contact.created`, `contact.updated`, `contact.deleted`, `contact.consent.changed`,
 * `contact.acceptsEmail.changed`, `contact.acceptsSms.changed`, `point.balance.updated`); the fields of `data` are
 * not in the public reference and are assumed (docs/connectors.md). Any other type is received and ignored.
 */
export const VoyadoWebhookEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['contact.created', 'contact.updated', 'contact.deleted']), data: z.object({ contactId }).loose() }).loose(),
  z.object({ type: z.literal('contact.consent.changed'), data: z.object({ contactId, consentId: z.string().min(1).max(50), value: z.boolean() }).loose() }).loose(),
  z.object({ type: z.literal('contact.acceptsEmail.changed'), data: z.object({ contactId, acceptsEmail: z.boolean() }).loose() }).loose(),
  z.object({ type: z.literal('contact.acceptsSms.changed'), data: z.object({ contactId, acceptsSms: z.boolean() }).loose() }).loose(),
  z.object({
    type: z.literal('point.balance.updated'),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    data: z.object({ contactId, balance: z.number().finite(), definitionId: z.number().int().optional() }).loose(),
  }).loose(),
]);
export type VoyadoWebhookEvent = z.infer<typeof VoyadoWebhookEventSchema>;

/** Any signed payload: its type, to ignore the ones the hub does not apply. */
export const WebhookEnvelopeSchema = z.object({ type: z.string().min(1).max(100) }).loose();
