/** Request latencies of one kind, in ms, and their percentiles (nearest rank). */
export class Latencies {
  private readonly samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): { count: number; p50: number | null; p99: number | null; max: number | null } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (p: number): number | null => {
      if (sorted.length === 0) return null;
      const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
      return value === null ? null : Math.round(value * 100) / 100;
    };
    return { count: sorted.length, p50: at(50), p99: at(99), max: at(100) };
  }
}
