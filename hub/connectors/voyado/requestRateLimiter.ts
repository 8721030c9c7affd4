import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A client-side limiter for one API key: at most `perSecond` requests start within any `windowMs`, and they start
 * evenly, `windowMs / perSecond` apart (a burst of 50 that leaves together reaches the CRM over a spread of connection
 * set-ups, and its stragglers would share a second with the next burst). First come first served; after a 429 nothing
 * starts until its Retry-After has passed. One limiter per key, shared by every call.
 *
 * The even pace is kept on a grid of slots, each `spacing` after the one before, not after the previous request's
 * actual start: a timer fires a millisecond or more late, and spacing from the late start added that lateness to every
 * gap (at 22 ms slots, 23–24 ms gaps: 42 requests/s where the window allows 45). The slots a busy event loop missed are
 * not made up for (the next request leaves half a slot after a late one at the earliest): made up for, they cluster,
 * the window then holds the next second back, and that pattern echoes second after second (tried: the same 45/s, but
 * 50 in one second at the stand-in where this keeps to 47). The window over the actual starts stays the hard bound
 * (with a 1,100 ms window, 50 per 1.1 s, 45.45/s, is the most it allows).
 */
export class RequestRateLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private lastSlot = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<unknown> = (ms) => sleep(ms),
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
    const spacing = this.windowMs / this.perSecond;
    const slot = Math.max(this.lastSlot + spacing, this.now());
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
      // The earliest this request may start: its slot, the end of a pause, and a place in the window.
      const due = Math.max(slot, this.pausedUntil, this.starts.length < this.perSecond ? 0 : (this.starts[0] as number) + this.windowMs);
      if (now >= due) {
        // A late timer's lateness is not added to the next gap, but the next request still leaves at least half a
        // slot after this one: a timer late by a slot or more (a busy event loop) is not followed by a burst.
        this.lastSlot = Math.max(due, now - spacing / 2);
        this.starts.push(now);
        return;
      }
      await this.wait(Math.ceil(due - now));
    }
  }
}
