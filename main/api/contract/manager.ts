import { z } from 'zod';

/**
 * The manager screen's side of the POS API: a PIN buys a short-lived manager token, sent as MANAGER_TOKEN_HEADER
 * (next to the usual bearer token) on every /api/v1/manager/ route. Nothing here carries personal data.
 */
export const MANAGER_TOKEN_HEADER = 'x-tillid-manager';

export const ManagerLoginRequestSchema = z.object({
  pin: z.string().regex(/^\d{4,12}$/, 'the PIN is 4 to 12 digits'),
});
export type ManagerLoginRequest = z.infer<typeof ManagerLoginRequestSchema>;

export const ManagerLoginResponseSchema = z.object({
  managerToken: z.string(),
  /** ISO time after which the token is refused (it is extended by each use). */
  expiresAt: z.string(),
});
export type ManagerLoginResponse = z.infer<typeof ManagerLoginResponseSchema>;

export const ManagerEnrolRequestSchema = z.object({
  crmUrl: z.url({ protocol: /^https?$/, message: 'the CRM address is an http(s) URL' }).max(500),
  code: z.string().trim().min(4, 'the enrolment code has at least 4 characters').max(64),
});
export type ManagerEnrolRequest = z.infer<typeof ManagerEnrolRequestSchema>;

/** Who this till is to the CRM; `enrolled: false` before enrolment. */
export const EnrolmentViewSchema = z.object({
  enrolled: z.boolean(),
  crmUrl: z.string().nullable(),
  storeName: z.string().nullable(),
  tillName: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** ISO time. */
  enrolledAt: z.string().nullable(),
});
export type EnrolmentView = z.infer<typeof EnrolmentViewSchema>;

/** An outbox item the CRM refused for good: what it was and why, never its content. */
export const DeadLetterSchema = z.object({
  id: z.string(),
  /** What the item carried: `receipt`, `signup`, `consent`, … */
  kind: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  /** ISO time of the last failure. */
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const DeadLettersResponseSchema = z.object({ deadLetters: z.array(DeadLetterSchema) });
export type DeadLettersResponse = z.infer<typeof DeadLettersResponseSchema>;

export const RebootstrapResponseSchema = z.object({
  status: z.enum(['started', 'done']),
  profiles: z.number().int().nonnegative().optional(),
});
export type RebootstrapResponse = z.infer<typeof RebootstrapResponseSchema>;

/** A diagnostics export: logs and state without personal data. Its shape is the core's to choose. */
export const DiagnosticsSchema = z
  .object({
    generatedAt: z.string(),
    version: z.string(),
  })
  .loose();
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;

/**
 * What the screens read from GET /api/v1/sync and the `sync.status` event. Times are ISO strings or epoch ms;
 * every field but `online` is optional so an older core still renders.
 */
const timeSchema = z.union([z.string(), z.number()]).nullable();
export const SyncStatusViewSchema = z
  .object({
    online: z.boolean(),
    enrolled: z.boolean().optional(),
    lastPullAt: timeSchema.optional(),
    lastPushAt: timeSchema.optional(),
    /** Outbox items waiting to reach the CRM. */
    pendingItems: z.number().int().nonnegative().optional(),
    /** Outbox items the CRM refused for good (listed by GET /api/v1/manager/dead-letters). */
    deadLetters: z.number().int().nonnegative().optional(),
    lastError: z.object({ kind: z.string(), message: z.string(), at: timeSchema }).nullable().optional(),
  })
  .loose();
export type SyncStatusView = z.infer<typeof SyncStatusViewSchema>;

/** GET /api/v1/devices, as the screens read it. */
export const DeviceViewSchema = z.object({
  deviceId: z.string(),
  transport: z.string(),
  state: z.enum(['connecting', 'online', 'offline', 'error']),
  description: z.string(),
  error: z.object({ where: z.string(), message: z.string(), next: z.string() }).optional(),
  since: z.number().optional(),
});
export type DeviceView = z.infer<typeof DeviceViewSchema>;
export const DevicesResponseSchema = z.object({ devices: z.array(DeviceViewSchema) });
