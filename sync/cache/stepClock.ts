/** Times the stretches between pauses: each is how long the till's lookups on this connection had to wait. */
export class StepClock {
  longest = 0;
  private since = performance.now();
  readonly pause = (): Promise<void> => this.during(new Promise((resolve) => setImmediate(resolve)));

  /** Waits for `work` done elsewhere (a worker thread): not time this connection was held. */
  async during<T>(work: Promise<T>): Promise<T> {
    this.lap();
    try {
      return await work;
    } finally {
      this.since = performance.now();
    }
  }

  lap(): void {
    this.longest = Math.max(this.longest, performance.now() - this.since);
  }
}
