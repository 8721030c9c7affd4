import { z } from 'zod';

/** How a till is doing, as a store manager needs to know it (hub/fleet/fleetHealth.ts decides). */
export const TillHealthSchema = z.enum(['ok', 'silent', 'attention']);
export type TillHealth = z.infer<typeof TillHealthSchema>;

export const FleetDeviceSchema = z.object({ deviceId: z.string(), transport: z.string(), state: z.string() });

export const FleetTillSchema = z.object({
  tillId: z.string(),
  name: z.string(),
  /** Last request from the till, by the hub's clock (null: enrolled but never synced). */
  lastSeenAt: z.number().nullable(),
  /** From the latest heartbeat (null: none yet, e.g. a till older than heartbeats). */
  version: z.string().nullable(),
  /** `oldestAt`, `lastPullAt` and `lastPushAt`: reported by the till's clock, moved onto the hub's by `clockSkewMs`. */
  outboxBacklog: z.object({ count: z.number(), oldestAt: z.number().nullable() }),
  deadLetters: z.number(),
  devices: z.array(FleetDeviceSchema),
  lastPullAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  /** Till clock minus hub clock when the heartbeat arrived, ms (null: no heartbeat). */
  clockSkewMs: z.number().nullable(),
  health: TillHealthSchema,
});
export type FleetTill = z.infer<typeof FleetTillSchema>;

/**
 * What the hub still owes the CRM for the store's tills (sign-ups, receipts, redemptions), and what it gave up on and
 * why (the reasons of the most common failures). Absent from hubs older than the delivery queue.
 */
export const StoreCrmDeliveriesSchema = z.object({
  pending: z.number(),
  failed: z.number(),
  oldestPendingAt: z.number().nullable(),
  failedReasons: z.array(z.object({ reason: z.string(), count: z.number() })),
  /** Receipts of the store's tills the CRM took in the 24 hours before the report (absent from older hubs). */
  receiptsDeliveredLastDay: z.number().optional(),
});
export type StoreCrmDeliveries = z.infer<typeof StoreCrmDeliveriesSchema>;

export const FleetStoreSchema = z.object({
  storeId: z.string(),
  name: z.string(),
  tills: z.array(FleetTillSchema),
  crmDeliveries: StoreCrmDeliveriesSchema.optional(),
});
export type FleetStore = z.infer<typeof FleetStoreSchema>;

/**
 * The CRM the hub delivers to, as its connector declares itself: its name, and when a receipt it took (a 2xx) shows
 * on the member there: at once, or later, when the CRM applies its receipts in batches (Voyado).
 */
export const FleetCrmSchema = z.object({
  name: z.string(),
  receiptsApplied: z.enum(['at_once', 'in_batches']),
});
export type FleetCrm = z.infer<typeof FleetCrmSchema>;

/** GET /hub/v1/fleet: every store the caller may see, with its tills; `crm` null when nothing is delivered to a CRM. */
export const FleetReportSchema = z.object({ stores: z.array(FleetStoreSchema), generatedAt: z.number(), crm: FleetCrmSchema.nullable().optional() });
export type FleetReport = z.infer<typeof FleetReportSchema>;

/** POST /hub/v1/fleet/sessions: a store manager trades a one-time code for a session scoped to one store. */
export const FleetSignInSchema = z.object({ code: z.string().trim().min(1).max(20) });
export const FleetSessionSchema = z.object({ token: z.string(), storeId: z.string(), expiresAt: z.number() });
export type FleetSession = z.infer<typeof FleetSessionSchema>;

export const FLEET_PATHS = {
  fleet: '/hub/v1/fleet',
  sessions: '/hub/v1/fleet/sessions',
  page: '/fleet/',
} as const;
