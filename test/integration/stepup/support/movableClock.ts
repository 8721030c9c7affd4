/** Real time plus an offset tests can move forward (code expiry, rate-limit windows). */
export class MovableClock {
  private offset = 0;
  readonly now = (): number => Date.now() + this.offset;

  advance(ms: number): void {
    this.offset += ms;
  }
}
