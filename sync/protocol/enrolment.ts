import { z } from 'zod';

/** POST /sync/v1/enrol: a till trades a one-time code (made by a store manager at the CRM) for its identity. */
export const EnrolRequestSchema = z.object({
  /** One-time code as typed; the CRM ignores case, spaces and dashes. Consumed on success. */
  code: z.string().trim().min(4).max(64),
  /** A human name for the till, shown to managers ("Kassa 2"). */
  tillName: z.string().trim().min(1).max(100),
  /** The till software's version, for the CRM's device list. */
  appVersion: z.string().max(50).optional(),
  /** `process.platform` of the till. */
  platform: z.string().max(50).optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const DeviceCredentialsSchema = z.object({
  /** Bearer token for every later request. A secret: kept with mode 0600 / in the OS keychain, never logged. */
  token: z.string().min(32).max(200),
});
export type DeviceCredentials = z.infer<typeof DeviceCredentialsSchema>;

export const EnrolResponseSchema = z.object({
  deviceId: z.string().min(1),
  storeId: z.string().min(1),
  storeName: z.string(),
  credentials: DeviceCredentialsSchema,
  protocolVersion: z.number().int().positive(),
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;
