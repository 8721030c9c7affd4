/**
 * Slows down guessing of the manager PIN: a few free tries, then a lock that doubles with each further wrong PIN
 * (capped), reset by a right one. One limiter per till: every caller is on this machine, so there is no per-client key.
 */
export interface PinAttemptPolicy {
  freeAttempts: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const defaultPinAttemptPolicy: PinAttemptPolicy = { freeAttempts: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000 };

export type PinAttemptGate = { allowed: true } | { allowed: false; retryAfterMs: number };

export class PinAttemptLimiter {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly policy: PinAttemptPolicy = defaultPinAttemptPolicy,
  ) {}

  /** Ask before checking a PIN. */
  gate(): PinAttemptGate {
    const wait = this.lockedUntil - this.now();
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /** Tries left before the next lock (0 while locked). */
  attemptsLeft(): number {
    return Math.max(0, this.policy.freeAttempts - this.failures);
  }

  recordFailure(): void {
    this.failures += 1;
    const over = this.failures - this.policy.freeAttempts;
    if (over >= 0) {
      const lock = Math.min(this.policy.maxLockMs, this.policy.firstLockMs * 2 ** over);
      this.lockedUntil = this.now() + lock;
    }
  }

  recordSuccess(): void {
    this.failures = 0;
    this.lockedUntil = 0;
  }
}
