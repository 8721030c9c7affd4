/**
 * Exponential backoff with full jitter (AWS architecture blog): the wait is uniform in [0, min(max, base·2^(n-1))].
 * Full jitter spreads a store full of tills that lost the CRM at the same moment, so they do not return in lockstep.
 */
export interface BackoffPolicy {
  /** Ceiling of the first wait. */
  baseMs: number;
  /** Ceiling of every wait. */
  maxMs: number;
}

export const defaultBackoffPolicy: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** The ceiling of the wait after `attempt` consecutive failures (attempt ≥ 1). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt) - 1), 52);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** A wait drawn with full jitter; `random` returns [0, 1) like Math.random. Never below 1 ms, so a retry never spins. */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, policy);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.floor(draw * ceiling));
}
