import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A client-side limiter for one API key: at most `perSecond` requests start within any `windowMs`, and never two
 * closer than `windowMs / perSecond` (evenly spread: a burst of 50 that leaves together reaches the CRM over a spread
 * of connection set-ups, and its stragglers would share a second with the next burst). First come first served;
 * after a 429 nothing starts until its Retry-After has passed. One limiter per key, shared by every call.
 */
export class RequestRateLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when this request may start (and counts it). */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request of this key for `ms` (a 429's Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
      const spacing = this.windowMs / this.perSecond;
      const last = this.starts.at(-1);
      const wait = Math.max(
        this.pausedUntil - now,
        this.starts.length < this.perSecond ? 0 : (this.starts[0] as number) + this.windowMs - now,
        last === undefined ? 0 : last + spacing - now,
      );
      if (wait <= 0) {
        this.starts.push(now);
        return;
      }
      await sleep(Math.ceil(wait));
    }
  }
}
