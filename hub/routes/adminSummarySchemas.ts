import { z } from 'zod';
import { PROFILE_SUMMARY_LIMITS, PurchaseChannelSchema } from '../../sync/protocol';

/** The admin API for profile summaries: offers and purchases made elsewhere (the same bodies as the emulated CRM's). */

const isoTime = z.iso.datetime({ offset: true });

/** POST /admin/profiles/:id/offers */
export const AdminAddOfferSchema = z.object({
  title: z.string().trim().min(1).max(PROFILE_SUMMARY_LIMITS.maxOfferTitle),
  validUntil: isoTime.optional(),
  personal: z.boolean().default(true),
});

/** POST /admin/profiles/:id/purchases */
export const AdminAddPurchaseSchema = z.object({
  channel: PurchaseChannelSchema,
  total: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  itemCount: z.number().int().nonnegative().max(100_000),
  /** Default: now. */
  at: isoTime.optional(),
  storeName: z.string().trim().min(1).max(100).optional(),
});
