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

/** An offer the CRM has for the member, in a few words a cashier can say ("20 % på kaffe"). */
export const OfferSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** ISO time the offer ends; absent for one without an end. */
  validUntil: z.string().optional(),
  /** Made for this member, or open to every member. */
  personal: z.boolean(),
  /** Whether the till can redeem it (POST /api/v1/offers/redeem with `id`, online, behind a step-up). */
  redeemable: z.boolean(),
});
export type Offer = z.infer<typeof OfferSchema>;

/** A purchase in any channel, as the CRM knows it. */
export const RecentPurchaseSchema = z.object({
  at: z.string(),
  channel: z.enum(['store', 'web', 'app']),
  storeName: z.string().optional(),
  /** For store purchases a till sent: its receiptId (the same sale may also be in `receipts`). */
  receiptId: z.string().optional(),
  total: z.number(),
  currency: z.string(),
  itemCount: z.number().int(),
});
export type RecentPurchase = z.infer<typeof RecentPurchaseSchema>;

/**
 * What the CRM said of the current customer when they were identified online: offers and purchases from any channel,
 * newest first. Held in memory for this customer only and never written to the till's disk.
 */
export const CrmSummarySchema = z.object({
  /** The till's id for the customer. */
  profileId: z.string(),
  offers: z.array(OfferSchema),
  recentPurchases: z.array(RecentPurchaseSchema),
  /** ISO time the till fetched it. */
  fetchedAt: z.string(),
});
export type CrmSummary = z.infer<typeof CrmSummarySchema>;

export const ProfileViewSchema = z.object({
  profile: ProfileSummarySchema,
  /** `version`: of the terms the customer accepted, where the till recorded it. */
  consents: z.array(z.object({ purpose: z.string(), granted: z.boolean(), at: z.string(), source: z.string(), version: z.string().optional() })),
  /** Receipts recorded at this till (from its cache). */
  receipts: z.array(ReceiptSummarySchema),
  /** Present when the profile is the current customer and the CRM's summary came (online only). */
  offers: z.array(OfferSchema).optional(),
  /** Present with `offers`: the newest purchases in any channel, store, web and app. */
  recentPurchases: z.array(RecentPurchaseSchema).optional(),
});
export type ProfileView = z.infer<typeof ProfileViewSchema>;
