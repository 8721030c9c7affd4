import { z } from 'zod';

export const AssuranceSchema = z.enum(['claimed', 'possession', 'verified']);
export const PresentedKindSchema = z.enum(['phone', 'email', 'card', 'magstripe', 'member_qr', 'member_number', 'unknown']);

/** What a cashier screen may show of a person: no identifiers, no contact details. */
export const ProfileSummarySchema = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  displayName: z.string().nullable(),
  tier: z.string().nullable(),
  pointsBalance: z.number(),
  /** ISO time of the balance as the CRM last reported it; null for a profile made at this till. */
  pointsAsOf: z.string().nullable(),
  status: z.enum(['active', 'pending_sync']),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

export const ReceiptSummarySchema = z.object({
  receiptId: z.string(),
  createdAt: z.string(),
  currency: z.string(),
  total: z.number(),
  lineCount: z.number().int(),
  status: z.enum(['queued', 'delivered', 'dead']),
});
export type ReceiptSummary = z.infer<typeof ReceiptSummarySchema>;

export const ProfileViewSchema = z.object({
  profile: ProfileSummarySchema,
  consents: z.array(z.object({ purpose: z.string(), granted: z.boolean(), at: z.string(), source: z.string() })),
  receipts: z.array(ReceiptSummarySchema),
});
export type ProfileView = z.infer<typeof ProfileViewSchema>;
