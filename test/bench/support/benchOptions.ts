/** What `npm run bench` hands every bench (run.ts parses it from the command line). */
export interface BenchOptions {
  /** --members: the size the cache and identify benches run at besides 1,000,000 (default 1,000,000: that size only). */
  members: number;
  /** True when --members was given (the hub bench's import then runs at that size instead of 5,000,000). */
  membersGiven?: boolean;
}

/** The sizes the cache and identify benches run at: 1M, and --members if larger (then compared with 1M). */
export function benchSizes(options: BenchOptions): number[] {
  return options.members === 1_000_000 ? [1_000_000] : [...new Set([Math.min(1_000_000, options.members), options.members])];
}
