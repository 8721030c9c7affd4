import { describe, expect, it } from 'vitest';
import { RequestRateLimiter } from '../../../hub/connectors/voyado/requestRateLimiter';

/** A limiter on a virtual clock whose timers fire `lateness(n)` ms after they were due (the n-th timer). */
function limiterOnVirtualClock(lateness: (n: number) => number) {
  let clock = 0;
  let timers = 0;
  const limiter = new RequestRateLimiter(50, 1100, () => clock, (ms) => {
    clock += ms + lateness(timers++);
    return Promise.resolve();
  });
  const starts: number[] = [];
  const take = async (requests: number): Promise<void> => {
    await Promise.all(Array.from({ length: requests }, () => limiter.acquire().then(() => starts.push(clock))));
  };
  return { limiter, starts, take, advance: (ms: number) => { clock += ms; }, now: () => clock };
}

/** The most starts within any `windowMs` (starts are in order). */
function mostWithin(starts: readonly number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < starts.length; last++) {
    while ((starts[last] as number) - (starts[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('RequestRateLimiter: 50 per 1,100 ms, evenly spaced', () => {
  it.each([
    ['on time', () => 0],
    ['1 ms late', () => 1],
    ['2 ms late', () => 2],
    ['0–3 ms late, varying', (n: number) => n % 4],
  ])('timers %s: 1,000 requests queued at once start at 45/s (50 per 1.1 s), never more than 50 within 1,100 ms', async (_, lateness) => {
    const { starts, take } = limiterOnVirtualClock(lateness);
    await take(1000);
    expect(mostWithin(starts, 1100)).toBeLessThanOrEqual(50);
    const perSecond = (starts.length - 1) / (((starts.at(-1) as number) - (starts[0] as number)) / 1000);
    // The window allows 45.45/s; a late timer must not be added to every gap (22 + 2 ms gaps were 41.7/s).
    expect(perSecond).toBeGreaterThan(45);
    expect(perSecond).toBeLessThanOrEqual(50 / 1.1);
  });

  it('a timer 100 ms late (a busy event loop) does not make the next requests catch up in a burst', async () => {
    const { starts, take } = limiterOnVirtualClock((n) => (n === 10 ? 100 : 0));
    await take(200);
    expect(mostWithin(starts, 1100)).toBeLessThanOrEqual(50);
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
    // The slots missed meanwhile are not made up for: no gap is shorter than half a slot (11 ms).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(11);
  });

  it('after a 429\'s Retry-After nothing starts, then the requests resume at the even pace, not in a burst', async () => {
    const { limiter, starts, take, now } = limiterOnVirtualClock(() => 0);
    await take(10);
    limiter.pauseFor(1000);
    const pausedAt = now();
    await take(10);
    const after = starts.slice(10);
    expect(after[0]).toBeGreaterThanOrEqual(pausedAt + 1000);
    expect(after.slice(1).map((s, i) => s - (after[i] as number))).toEqual(Array.from({ length: 9 }, () => 22));
  });

  it('an idle key starts a request at once', async () => {
    const { starts, take, advance, now } = limiterOnVirtualClock(() => 0);
    await take(3);
    advance(5000);
    const idleUntil = now();
    await take(1);
    expect(starts.at(-1)).toBe(idleUntil);
  });
});
