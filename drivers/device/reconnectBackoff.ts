/** Exponential delays between reconnect attempts, capped, reset after a successful open. */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(private readonly minMs: number, private readonly maxMs: number) {}

  next(): number {
    const delay = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    if (delay < this.maxMs) this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
