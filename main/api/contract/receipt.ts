import { z } from 'zod';
import { receiptIssues } from '../../../base/receiptRules';

const money = z.number().finite().refine((n) => Math.abs(n) < 1e10, 'amount out of range');

export const ReceiptLineSchema = z.object({
  sku: z.string().min(1).max(64),
  description: z.string().max(200),
  quantity: z.number().finite(),
  unitPrice: money,
  amount: money,
});

export const PaymentSchema = z.object({ method: z.string().min(1).max(40), amount: money });

/** A sale's id as the POS gives it: the receipt's idempotency key, and what a redemption names the sale it is used in by. */
export const ReceiptIdSchema = z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'receiptId may hold letters, digits and . : _ -');

/**
 * A finished sale, or a return (`kind: "return"`, negative lines and total), as the POS posts it. `receiptId` is the
 * idempotency key. Its arithmetic is checked (base/receiptRules): lines add up to the total, payments cover it,
 * amounts fit the currency's minor unit, nothing absurd; a broken rule is a 400 naming the field.
 */
export const ReceiptRequestSchema = z
  .object({
    receiptId: ReceiptIdSchema,
    kind: z.enum(['sale', 'return']).default('sale'),
    profileId: z.string().min(1).max(100).optional(),
    createdAt: z.iso.datetime({ offset: true }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code such as SEK'),
    total: money,
    lines: z.array(ReceiptLineSchema).min(1).max(500),
    payments: z.array(PaymentSchema).max(20).default([]),
  })
  .superRefine((receipt, ctx) => {
    for (const issue of receiptIssues(receipt)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type ReceiptRequest = z.infer<typeof ReceiptRequestSchema>;

export const ReceiptResponseSchema = z.object({
  receiptId: z.string(),
  profileId: z.string().nullable(),
  status: z.enum(['queued', 'duplicate']),
});
export type ReceiptResponse = z.infer<typeof ReceiptResponseSchema>;
