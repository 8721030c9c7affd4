import { z } from 'zod';

/** One scanner as the heartbeat reports it: its configured id, transport and state. No scanned data, no serials. */
export const HeartbeatDeviceSchema = z.object({
  deviceId: z.string().min(1).max(64),
  transport: z.string().min(1).max(16),
  state: z.enum(['connecting', 'online', 'offline', 'error']),
});
export type HeartbeatDevice = z.infer<typeof HeartbeatDeviceSchema>;

/**
 * What a till tells its hub once per sync cycle (POST /sync/v1/heartbeat), so a store manager can see a till that
 * stopped syncing before a cashier notices. Counts and times only: no personal data, no identifiers, no tokens.
 * The hub works out the clock skew from `sentAt` against its own clock.
 */
export const HeartbeatSchema = z.object({
  /** The till software's version. */
  version: z.string().min(1).max(50),
  /** The till's clock when it sent this, epoch ms. */
  sentAt: z.number().int().nonnegative(),
  /** When the last pull caught up with the feed, and when the outbox last delivered, epoch ms (null: never). */
  lastPullAt: z.number().int().nonnegative().nullable(),
  lastPushAt: z.number().int().nonnegative().nullable(),
  /** Items waiting in the outbox, and when the oldest of them was queued (null when none waits). */
  outboxBacklog: z.object({ count: z.number().int().nonnegative(), oldestAt: z.number().int().nonnegative().nullable() }),
  /** Outbox items the hub refused for good; they wait for a person. */
  deadLetters: z.number().int().nonnegative(),
  devices: z.array(HeartbeatDeviceSchema).max(32),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/** The hub's answer: when it took the heartbeat, by its own clock. */
export const HeartbeatAnswerSchema = z.object({ receivedAt: z.number().int().nonnegative() });
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswerSchema>;
