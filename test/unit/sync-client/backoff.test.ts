import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay } from '../../../sync/client/backoff';

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffCeiling', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [1_000, 60_000],
    [0, 1_000],
  ])('after %i failures the wait is at most %i ms', (attempt, ceiling) => {
    expect(backoffCeiling(attempt, policy)).toBe(ceiling);
  });
});

describe('fullJitterDelay', () => {
  it.each([
    [3, 0, 1],
    [3, 0.5, 2_000],
    [3, 0.999_999, 3_999],
    [10, 0.5, 30_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(fullJitterDelay(attempt, policy, () => random)).toBe(expected);
  });

  it('stays within [1, ceiling] for any draw', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      for (const draw of [0, 0.1, 0.5, 0.9, 0.999, 1, -1, 2]) {
        const delay = fullJitterDelay(attempt, policy, () => draw);
        expect(delay).toBeGreaterThanOrEqual(1);
        expect(delay).toBeLessThanOrEqual(backoffCeiling(attempt, policy));
      }
    }
  });
});
