import { ReconnectBackoff } from './reconnectBackoff';

/** The next reconnect attempt of a device: one armed timer at most, delays from a capped backoff. */
export class ReconnectSchedule {
  private readonly backoff: ReconnectBackoff;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(minMs: number, maxMs: number, private readonly attempt: () => void) {
    this.backoff = new ReconnectBackoff(minMs, maxMs);
  }

  /** Arms the next attempt (replacing any armed one) after `announce` has been told its delay. */
  schedule(announce: (delayMs: number) => void): void {
    const delay = this.backoff.next();
    announce(delay);
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, delay);
  }

  /** After a successful open: the next failure starts again from the shortest delay. */
  reset(): void {
    this.backoff.reset();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
