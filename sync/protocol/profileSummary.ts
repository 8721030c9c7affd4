import { z } from 'zod';
import { ProfileIdSchema } from './profile';
import { ReceiptPayloadSchema } from './upload';
import { SYNC_BASE_PATH } from './version';

/**
 * A short summary of a member for the cashier screen: their current offers and their last purchases in any channel.
 * The till asks for it when a customer is identified and keeps it in memory for that customer only: it is never
 * written to the till's cache, which holds the minimum.
 */
export const PROFILE_SUMMARY_PATH = `${SYNC_BASE_PATH}/profiles/:id/summary`;

/** PROFILE_SUMMARY_PATH with the profile id filled in. */
export function profileSummaryPath(profileId: string): string {
  return PROFILE_SUMMARY_PATH.replace(':id', encodeURIComponent(profileId));
}

export const PROFILE_SUMMARY_LIMITS = {
  /** Offers in one summary; the CRM sends the most relevant first. */
  maxOffers: 10,
  /** Purchases in one summary, newest first. */
  maxRecentPurchases: 5,
  /** An offer's title is a few words a cashier can say, e.g. "20 % på kaffe". */
  maxOfferTitle: 60,
} as const;

const isoTime = z.iso.datetime({ offset: true });

export const SummaryOfferSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().trim().min(1).max(PROFILE_SUMMARY_LIMITS.maxOfferTitle),
  /** The last moment the offer holds; absent for an offer without an end. */
  validUntil: isoTime.optional(),
  /** Made for this member (true) or open to every member (false). */
  personal: z.boolean(),
  /**
   * Whether a till may redeem it (POST /sync/v1/promotions/redeem, with `id`): true for the CRM's POS promotions and
   * the hub's own offers. Absent from an older CRM side: false.
   */
  redeemable: z.boolean().default(false),
});
export type SummaryOffer = z.infer<typeof SummaryOfferSchema>;

export const PurchaseChannelSchema = z.enum(['store', 'web', 'app']);
export type PurchaseChannel = z.infer<typeof PurchaseChannelSchema>;

export const SummaryPurchaseSchema = z.object({
  at: isoTime,
  channel: PurchaseChannelSchema,
  /** For `store` purchases: the store's name as the CRM knows it. */
  storeName: z.string().min(1).max(100).optional(),
  /** For `store` purchases a till sent: its receiptId, so a till can tell a receipt it holds from another one. */
  receiptId: ReceiptPayloadSchema.shape.receiptId.optional(),
  /** In the currency's major unit, as the sale recorded it. */
  total: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  itemCount: z.number().int().nonnegative(),
});
export type SummaryPurchase = z.infer<typeof SummaryPurchaseSchema>;

/** 200 on GET /sync/v1/profiles/:id/summary. */
export const ProfileSummaryResponseSchema = z.object({
  /** The profile summarised: the CRM's id for the one asked for (the survivor, when it was merged). */
  profileId: ProfileIdSchema,
  offers: z.array(SummaryOfferSchema).max(PROFILE_SUMMARY_LIMITS.maxOffers),
  /** Newest first. */
  recentPurchases: z.array(SummaryPurchaseSchema).max(PROFILE_SUMMARY_LIMITS.maxRecentPurchases),
});
export type ProfileSummaryResponse = z.infer<typeof ProfileSummaryResponseSchema>;
