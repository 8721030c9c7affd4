/** How long to wait before trying a delivery again, and when to give up. */
export interface RetrySchedule {
  /** The first retry's delay (default 1 s); each next one doubles, up to `maxMs`. */
  baseMs: number;
  /** Default 10 minutes. */
  maxMs: number;
  /** Attempts before a delivery fails for good (default 24: about 2.5 hours of a CRM answering "not now"). */
  maxAttempts: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseMs: 1_000, maxMs: 600_000, maxAttempts: 24 };

/** A CRM's own Retry-After is honoured up to an hour: beyond that it is more likely a bug than a plan. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * The delay after the `attempts`-th failed attempt (1-based): the CRM's retryAfterMs when it gave one, else
 * exponential backoff with ±20 % jitter, so a fleet's worth of deliveries throttled together does not come back
 * together. `random` is a parameter for tests.
 */
export function retryDelayMs(attempts: number, retryAfterMs: number | undefined, schedule: RetrySchedule, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(schedule.baseMs, Math.ceil(retryAfterMs)));
  const exponential = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.max(1, Math.round(exponential * (0.8 + 0.4 * random())));
}
