import { z } from 'zod';

/**
 * POST /api/v1/customer-display/receipt-delivery: the customer, on their own display after the sale, asked for the
 * receipt by e-mail or SMS. `to` is what they typed; absent, the CRM uses the member's own contact for the channel
 * (the till never learns or shows it). `idempotencyKey` is made by the display (a UUIDv7): a retried request is
 * answered `duplicate` and queues nothing.
 */
export const ReceiptDeliveryRequestSchema = z.strictObject({
  idempotencyKey: z.uuid({ version: 'v7' }),
  receiptId: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
  channel: z.enum(['email', 'sms']),
  to: z.string().min(1).max(254).optional(),
});
export type ReceiptDeliveryRequest = z.infer<typeof ReceiptDeliveryRequestSchema>;

/** `queued`: on disk in the outbox, sent to the CRM exactly once. `duplicate`: this key was queued before. */
export const ReceiptDeliveryResponseSchema = z.object({ status: z.enum(['queued', 'duplicate']) });
export type ReceiptDeliveryResponse = z.infer<typeof ReceiptDeliveryResponseSchema>;
