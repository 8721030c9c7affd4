import { z } from 'zod';
import { ReceiptPayloadSchema, WireProfileSchema } from '../../sync/protocol';

/** The admin API for profiles: the same bodies and answers as the emulated CRM's, so its tests and scripts run on. */

export const AdminCreateProfileSchema = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100).optional(),
  /** Any common format; normalised to E.164 with default region SE. */
  phone: z.string().trim().min(1).max(64).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  cardNumber: z.string().trim().min(1).max(64).optional(),
  memberNumber: z.string().trim().min(1).max(64).optional(),
  tier: z.string().trim().min(1).max(50).optional(),
  points: z.number().int().min(0).max(100_000_000).optional(),
});
export type AdminCreateProfile = z.infer<typeof AdminCreateProfileSchema>;

export const AdminPatchProfileSchema = z.object({
  firstName: z.string().trim().min(1).max(100).optional(),
  tier: z.string().trim().min(1).max(50).optional(),
  points: z.number().int().min(0).max(100_000_000).optional(),
});

export const AdminMergeSchema = z.object({ into: z.string().min(1).max(100) });

export const HeldReceiptSchema = ReceiptPayloadSchema.extend({
  /** The profile the hub linked it to (after mappings and merges), or null. */
  linkedProfileId: z.string().nullable(),
  deviceId: z.string(),
  receivedAt: z.number(),
});
export type HeldReceiptView = z.infer<typeof HeldReceiptSchema>;

export const AdminProfileViewSchema = z.object({
  profile: WireProfileSchema,
  lastName: z.string().nullable(),
  receipts: z.array(HeldReceiptSchema),
  consents: z.array(z.object({ purpose: z.string(), granted: z.boolean(), at: z.string(), source: z.string(), deviceId: z.string(), receivedAt: z.number() })),
});
export type AdminProfileView = z.infer<typeof AdminProfileViewSchema>;

export const AdminReceiptsQuerySchema = z.object({
  profileId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
});
