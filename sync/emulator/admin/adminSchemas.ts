import { z } from 'zod';
import { MemberQrKeySchema, ReceiptPayloadSchema, WireProfileSchema } from '../../protocol';

/**
 * The emulated CRM's admin API (tests, demos, integrators): bodies and answers. Not part of the sync
 * protocol: a real CRM has its own back office.
 */

export const SYNC_ROUTE_NAMES = ['enrol', 'bootstrap', 'changes', 'keys', 'upload', 'redeem'] as const;

const rate = z.number().min(0).max(1);

export const FaultSettingsSchema = z.object({
  errorRate: rate.default(0),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  resetRate: rate.default(0),
  commitThenFailRate: rate.default(0),
  malformedRate: rate.default(0),
  /** Only these sync routes; all when absent. */
  routes: z.array(z.enum(SYNC_ROUTE_NAMES)).optional(),
});
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

export const EnrolmentCodeRequestSchema = z.object({ ttlSeconds: z.number().int().min(1).max(30 * 86_400).default(86_400) });
export const EnrolmentCodeResponseSchema = z.object({ code: z.string(), storeId: z.string(), expiresAt: z.number() });
export type EnrolmentCodeResponse = z.infer<typeof EnrolmentCodeResponseSchema>;

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
export const AdminCreatedSchema = z.object({ id: z.string() });

export const AdminPatchProfileSchema = z.object({
  firstName: z.string().trim().min(1).max(100).optional(),
  tier: z.string().trim().min(1).max(50).optional(),
  points: z.number().int().min(0).max(100_000_000).optional(),
});
export type AdminPatchProfile = z.infer<typeof AdminPatchProfileSchema>;

export const AdminMergeSchema = z.object({ into: z.string().min(1).max(100) });

export const HeldReceiptSchema = ReceiptPayloadSchema.extend({
  /** The profile the CRM linked it to (after mappings and merges), or null. */
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
export const AdminReceiptsSchema = z.object({ receipts: z.array(HeldReceiptSchema) });

export const MemberQrRequestSchema = z.object({ ttlSeconds: z.number().int().min(1).max(300).default(120) });
export const MemberQrResponseSchema = z.object({ token: z.string(), kid: z.string(), profileId: z.string(), iat: z.number(), exp: z.number() });
export type MemberQrResponse = z.infer<typeof MemberQrResponseSchema>;

export const KeyRotationSchema = z.object({
  revokePrevious: z.boolean().default(false),
  graceSeconds: z.number().int().min(0).max(30 * 86_400).default(3600),
});
export const KeyRotationResponseSchema = z.object({ keys: z.array(MemberQrKeySchema) });

export const TouchRequestSchema = z.object({ count: z.number().int().min(1).max(1_000_000) });

export const CompactRequestSchema = z.object({ keep: z.number().int().min(0) });

export const AdminStatsSchema = z.object({
  epoch: z.string(),
  profiles: z.number(),
  feed: z.object({ head: z.number(), prunedThrough: z.number(), size: z.number(), retention: z.number() }),
  receipts: z.number(),
  idempotencyKeys: z.number(),
  devices: z.number(),
  keys: z.number(),
  requests: z.record(z.string(), z.number()),
  uploads: z.object({ accepted: z.number(), duplicate: z.number(), rejected: z.number() }),
  faultsInjected: z.object({ latency: z.number(), reset: z.number(), error: z.number(), commitThenFail: z.number(), malformed: z.number() }),
});
export type AdminStats = z.infer<typeof AdminStatsSchema>;
