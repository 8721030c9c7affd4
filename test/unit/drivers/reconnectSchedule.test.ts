import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconnectSchedule } from '../../../drivers/device/reconnectSchedule';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReconnectSchedule', () => {
  it('announces each delay before arming it, doubling up to the cap, and starts again after a reset', () => {
    const attempts: number[] = [];
    const announced: number[] = [];
    const schedule = new ReconnectSchedule(100, 500, () => attempts.push(Date.now()));
    for (let i = 0; i < 5; i++) {
      schedule.schedule((delay) => announced.push(delay));
      vi.runOnlyPendingTimers();
    }
    schedule.reset();
    schedule.schedule((delay) => announced.push(delay));
    expect(announced).toEqual([100, 200, 400, 500, 500, 100]);
    expect(attempts).toHaveLength(5);
  });

  it('keeps one attempt armed at most: scheduling again replaces it, cancel drops it', () => {
    let attempts = 0;
    const schedule = new ReconnectSchedule(100, 100, () => attempts++);
    schedule.schedule(() => undefined);
    schedule.schedule(() => undefined);
    expect(vi.getTimerCount()).toBe(1);
    vi.runAllTimers();
    expect(attempts).toBe(1);
    schedule.schedule(() => undefined);
    schedule.cancel();
    vi.runAllTimers();
    expect(attempts).toBe(1);
  });
});
