import type { Clock, TimerHandle } from '../../../../sync/client/clock';

/** A clock that moves only when told: timers fire in due order as `advance` passes them. */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  settle(): Promise<void>;
  pendingTimers(): number[];
}

export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();

  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
  }

  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, delayMs), callback });
      return { brand: 'TimerHandle', id } as unknown as TimerHandle;
    },
    clearTimer(handle) {
      timers.delete((handle as unknown as { id: number }).id);
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let dueId: number | undefined;
        let dueAt = Number.POSITIVE_INFINITY;
        for (const [id, t] of timers) if (t.at <= target && t.at < dueAt) [dueId, dueAt] = [id, t.at];
        if (dueId === undefined) break;
        const timer = timers.get(dueId)!;
        timers.delete(dueId);
        now = Math.max(now, timer.at);
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
    settle,
    pendingTimers: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
  };
}
