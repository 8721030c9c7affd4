/**
 * Slows down guessing of the manager PIN: a few free tries, then a lock that doubles with each further wrong PIN
 * (capped), reset by a right one. One limiter per till: every caller is on this machine, so there is no per-client key.
 *
 * A try is taken (reserve) before the PIN is hashed and counts as wrong until it proves right: checking the PIN takes
 * tens of milliseconds of scrypt, and a limiter that counted only finished checks let 1,000 parallel guesses all
 * through its gate.
 */
export interface PinAttemptPolicy {
  freeAttempts: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const defaultPinAttemptPolicy: PinAttemptPolicy = { freeAttempts: 5, firstLockMs: 30_000, maxLockMs: 15 * 60_000 };

export type PinAttemptGate = { allowed: true } | { allowed: false; retryAfterMs: number };

export class PinAttemptLimiter {
  private tries = 0;
  private lockedUntil = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly policy: PinAttemptPolicy = defaultPinAttemptPolicy,
  ) {}

  /** Whether a try would be allowed now, without taking one (a cheap early answer before reading the body). */
  gate(): PinAttemptGate {
    const wait = this.lockedUntil - this.now();
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /**
   * Takes one try, synchronously, before the PIN is checked. The try counts as a wrong PIN (and may start the lock)
   * until recordSuccess says otherwise, so tries still being hashed use up the allowance too.
   */
  reserve(): PinAttemptGate {
    const gate = this.gate();
    if (!gate.allowed) return gate;
    this.tries += 1;
    const over = this.tries - this.policy.freeAttempts;
    if (over >= 0) this.lockedUntil = this.now() + Math.min(this.policy.maxLockMs, this.policy.firstLockMs * 2 ** over);
    return { allowed: true };
  }

  /** Tries left before the next lock (0 while locked). */
  attemptsLeft(): number {
    return Math.max(0, this.policy.freeAttempts - this.tries);
  }

  /** The reserved try was the right PIN: the count starts again. */
  recordSuccess(): void {
    this.tries = 0;
    this.lockedUntil = 0;
  }
}
