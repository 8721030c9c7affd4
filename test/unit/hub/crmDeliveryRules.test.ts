import { describe, expect, it } from 'vitest';
import { redactReason } from '../../../hub/delivery/redactReason';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs } from '../../../hub/delivery/retrySchedule';

describe('redactReason: what the hub keeps of a CRM\'s reason', () => {
  it.each([
    ['InvalidStore', 'InvalidStore'],
    ['EmailInvalid: anna.svensson@example.se', 'EmailInvalid: …'],
    ['mobilePhone +46 70 123 45 67 is taken', 'mobilePhone … is taken'],
    ['card 6001000000421234 blocked', 'card … blocked'],
    ['personnummer 19850101-1234 mismatch', 'personnummer … mismatch'],
    ['HTTP 503 after 2 tries', 'HTTP 503 after 2 tries'],
    ['line one\n  line two', 'line one line two'],
  ])('%j → %j', (reason, kept) => {
    expect(redactReason(reason)).toBe(kept);
  });

  it('keeps at most 200 characters', () => {
    expect(redactReason('x'.repeat(1000))).toHaveLength(200);
  });
});

describe('retryDelayMs: when a delivery is tried again', () => {
  const schedule = { baseMs: 1_000, maxMs: 600_000, maxAttempts: 24 };
  it.each([
    [1, undefined, 1_000],
    [2, undefined, 2_000],
    [5, undefined, 16_000],
    [11, undefined, 600_000],
    [24, undefined, 600_000],
    [3, 30_000, 30_000],
    [3, 10, 1_000],
    [3, 86_400_000, 3_600_000],
  ])('after attempt %i with retryAfterMs %s: %i ms (no jitter)', (attempts, retryAfterMs, delay) => {
    expect(retryDelayMs(attempts, retryAfterMs, schedule, () => 0.5)).toBe(delay);
  });

  it('spreads backoffs by ±20 %', () => {
    expect(retryDelayMs(2, undefined, schedule, () => 0)).toBe(1_600);
    expect(retryDelayMs(2, undefined, schedule, () => 1)).toBe(2_400);
  });

  it('gives up after about 2.5 hours of "not now" by default', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_SCHEDULE.maxAttempts; attempt++) total += retryDelayMs(attempt, undefined, DEFAULT_RETRY_SCHEDULE, () => 0.5);
    expect(total / 3_600_000).toBeCloseTo(2.45, 1);
  });
});
