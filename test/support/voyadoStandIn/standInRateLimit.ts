/**
 * Counts requests per API key over a sliding second, as Voyado measures its rate limit ("per API key and not per
 * tenant"), answers whether one more is over the ceiling, and keeps the highest count any second saw.
 */
export class StandInRateLimit {
  private readonly arrivals = new Map<string, number[]>();
  /** The most requests of one key that arrived within any 1,000 ms. */
  maxInAnySecond = 0;
  /** Requests answered 429 because of the ceiling (not the fault switch). */
  throttled = 0;
  /** Every request that arrived with a valid key. */
  total = 0;

  constructor(private readonly perSecond: number) {}

  /** Records an arrival at `at` (ms); false when it is over the ceiling and must be answered 429. */
  admit(key: string, at: number): boolean {
    const times = this.arrivals.get(key) ?? [];
    while (times.length > 0 && (times[0] as number) <= at - 1000) times.shift();
    times.push(at);
    this.arrivals.set(key, times);
    this.total++;
    this.maxInAnySecond = Math.max(this.maxInAnySecond, times.length);
    if (times.length > this.perSecond) {
      this.throttled++;
      return false;
    }
    return true;
  }
}
