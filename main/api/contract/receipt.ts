import { z } from 'zod';

const money = z.number().finite().refine((n) => Math.abs(n) < 1e10, 'amount out of range');

export const ReceiptLineSchema = z.object({
  sku: z.string().min(1).max(64),
  description: z.string().max(200),
  quantity: z.number().finite(),
  unitPrice: money,
  amount: money,
});

export const PaymentSchema = z.object({ method: z.string().min(1).max(40), amount: money });

/** A finished sale as the POS posts it. `receiptId` is the idempotency key. */
export const ReceiptRequestSchema = z.object({
  receiptId: z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'receiptId may hold letters, digits and . : _ -'),
  profileId: z.string().min(1).max(100).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code such as SEK'),
  total: money,
  lines: z.array(ReceiptLineSchema).min(1).max(500),
  payments: z.array(PaymentSchema).max(20).default([]),
});
export type ReceiptRequest = z.infer<typeof ReceiptRequestSchema>;

export const ReceiptResponseSchema = z.object({
  receiptId: z.string(),
  profileId: z.string().nullable(),
  status: z.enum(['queued', 'duplicate']),
});
export type ReceiptResponse = z.infer<typeof ReceiptResponseSchema>;
