import { z } from 'zod';
import { MemberQrKeySchema } from '../../sync/protocol';
import { HeldReceiptSchema } from './adminProfileSchemas';

/**
 * The admin API's answers, as the emulated CRM gave them: tests and integrator scripts parse them with these.
 * Requests are parsed where their routes are (`admin*Routes.ts`, `adminProfileSchemas.ts`).
 */

export const AdminCreatedSchema = z.object({ id: z.string() });

/** POST /admin/profiles/:id/offers and /purchases. */
export const AdminSummaryRowAddedSchema = z.object({ profileId: z.string() });

export const AdminReceiptsSchema = z.object({ receipts: z.array(HeldReceiptSchema) });

export const EnrolmentCodeResponseSchema = z.object({ code: z.string(), storeId: z.string(), expiresAt: z.number() });
export type EnrolmentCodeResponse = z.infer<typeof EnrolmentCodeResponseSchema>;

export const MemberQrResponseSchema = z.object({ token: z.string(), kid: z.string(), profileId: z.string(), iat: z.number(), exp: z.number() });
export type MemberQrResponse = z.infer<typeof MemberQrResponseSchema>;

export const KeyRotationResponseSchema = z.object({ keys: z.array(MemberQrKeySchema) });

export const AdminReceiptDeliveriesSchema = z.object({
  deliveries: z.array(z.object({
    receiptId: z.string(),
    channel: z.enum(['email', 'sms']),
    address: z.string(),
    source: z.enum(['typed', 'member']),
    profileId: z.string().nullable(),
    deviceId: z.string(),
    receivedAt: z.number(),
  })),
});

export const AdminChangesTouchedSchema = z.object({ touched: z.number() });
export const AdminChangesCompactedSchema = z.object({ prunedThrough: z.number(), head: z.number() });

/**
 * GET /admin/stats. Counts of the database (every hub process answers the same), and of this process: `requests` by
 * route, `uploads` by outcome and `faultsInjected` since it started.
 */
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
