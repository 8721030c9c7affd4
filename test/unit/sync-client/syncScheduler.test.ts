import { describe, expect, it } from 'vitest';
import type { SyncCycleRequest, SyncCycleResult } from '../../../sync/client/syncScheduler';
import { createSyncScheduler } from '../../../sync/client/syncScheduler';
import { createManualClock } from './support/manualClock';

/** A scheduler whose cycles finish when the test says so (or at once with `auto`). */
function harness(options: { auto?: SyncCycleResult | 'throw'; pullIntervalMs?: number } = {}) {
  const clock = createManualClock();
  const cycles: Array<SyncCycleRequest & { at: number }> = [];
  const open: Array<(result: SyncCycleResult) => void> = [];
  const scheduler = createSyncScheduler({
    clock,
    pullIntervalMs: options.pullIntervalMs ?? 30_000,
    pushDebounceMs: 250,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    random: () => 0.5,
    runCycle: (request) => {
      cycles.push({ ...request, at: clock.now() - 1_700_000_000_000 });
      if (options.auto === 'throw') return Promise.reject(new Error('boom'));
      if (options.auto) return Promise.resolve(options.auto);
      return new Promise((resolve) => open.push(resolve));
    },
  });
  const finish = async (result: SyncCycleResult): Promise<void> => {
    const resolve = open.shift();
    if (!resolve) throw new Error('no cycle in flight');
    resolve(result);
    await clock.settle();
  };
  return { clock, cycles, scheduler, finish, reasons: () => cycles.map((c) => `${c.reason}@${c.at}`) };
}

describe('sync scheduler', () => {
  it('pulls at start and then every interval while cycles succeed', async () => {
    const { clock, scheduler, reasons, cycles } = harness({ auto: { ok: true } });
    scheduler.start();
    await clock.advance(30_000 * 3 - 1);
    expect(reasons()).toEqual(['start@0', 'interval@30000', 'interval@60000']);
    expect(cycles.every((c) => c.pull && c.push)).toBe(true);
    await clock.advance(1);
    expect(reasons()).toHaveLength(4);
    await scheduler.stop();
  });

  it('pushes once, 250 ms after the first of a burst of outbox notices', async () => {
    const { clock, scheduler, cycles } = harness({ auto: { ok: true } });
    scheduler.start();
    await clock.advance(1_000);
    for (let i = 0; i < 5; i += 1) {
      scheduler.notifyOutbox();
      await clock.advance(50);
    }
    await clock.advance(1_000);
    expect(cycles.slice(1)).toEqual([{ pull: false, push: true, reason: 'outbox', at: 1_250 }]);
    await scheduler.stop();
  });

  it('a notice during a cycle leads to a push after it', async () => {
    const { clock, scheduler, finish, reasons } = harness();
    scheduler.start();
    await clock.advance(0);
    scheduler.notifyOutbox();
    await clock.advance(1_000);
    expect(reasons()).toEqual(['start@0']);
    await finish({ ok: true });
    await clock.advance(0);
    expect(reasons()).toEqual(['start@0', 'outbox@1000']);
    await finish({ ok: true });
    await scheduler.stop();
  });

  it('backs off with growing, capped waits while cycles fail, then resumes the interval', async () => {
    const { clock, scheduler, cycles, finish } = harness();
    scheduler.start();
    await clock.advance(0);
    // random 0.5 → half of each ceiling: 500, 1000, 2000, 4000, 4000 (cap 8000)
    const expectedWaits = [500, 1_000, 2_000, 4_000, 4_000];
    for (const wait of expectedWaits) {
      await finish({ ok: false });
      await clock.advance(wait - 1);
      const before = cycles.length;
      await clock.advance(1);
      expect(cycles.length).toBe(before + 1);
      expect(cycles.at(-1)?.reason).toBe('retry');
    }
    expect(scheduler.failures()).toBe(5);
    await finish({ ok: true });
    expect(scheduler.failures()).toBe(0);
    expect(scheduler.nextWakeAt()).toBe(clock.now() + 30_000);
    await scheduler.stop();
  });

  it('an outbox notice does not cut a backoff short', async () => {
    const { clock, scheduler, finish, reasons } = harness();
    scheduler.start();
    await clock.advance(0);
    await finish({ ok: false }); // next try in 500 ms
    scheduler.notifyOutbox();
    await clock.advance(499);
    expect(reasons()).toEqual(['start@0']);
    await clock.advance(1);
    expect(reasons()).toEqual(['start@0', 'retry@500']);
    await finish({ ok: true });
    await scheduler.stop();
  });

  it('syncNow runs at once, bypassing a backoff, and resolves with that cycle', async () => {
    const { clock, scheduler, finish, reasons } = harness();
    scheduler.start();
    await clock.advance(0);
    await finish({ ok: false });
    const result = scheduler.syncNow();
    await clock.settle();
    expect(reasons()).toEqual(['start@0', 'manual@0']);
    await finish({ ok: true });
    await expect(result).resolves.toEqual({ ok: true });
    expect(scheduler.failures()).toBe(0);
    await scheduler.stop();
  });

  it('syncNow during a cycle runs another one after it', async () => {
    const { clock, scheduler, finish, reasons } = harness();
    scheduler.start();
    await clock.advance(0);
    const result = scheduler.syncNow();
    await finish({ ok: true });
    expect(reasons()).toEqual(['start@0', 'manual@0']);
    await finish({ ok: false });
    await expect(result).resolves.toEqual({ ok: false });
    await scheduler.stop();
  });

  it('syncNow works before start, and plans nothing afterwards', async () => {
    const { clock, scheduler, reasons } = harness({ auto: { ok: true } });
    await expect(scheduler.syncNow()).resolves.toEqual({ ok: true });
    await clock.advance(120_000);
    expect(reasons()).toEqual(['manual@0']);
  });

  it('a cycle that throws counts as a failure', async () => {
    const { clock, scheduler, reasons } = harness({ auto: 'throw' });
    scheduler.start();
    await clock.advance(500);
    expect(reasons()).toEqual(['start@0', 'retry@500']);
    expect(scheduler.failures()).toBe(2);
    await scheduler.stop();
  });

  it('stop waits for the cycle in flight and nothing runs afterwards', async () => {
    const { clock, scheduler, finish, reasons } = harness();
    scheduler.start();
    await clock.advance(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await clock.settle();
    expect(stopped).toBe(false);
    await finish({ ok: true });
    await stopping;
    expect(stopped).toBe(true);
    scheduler.notifyOutbox();
    await expect(scheduler.syncNow()).resolves.toEqual({ ok: false });
    await clock.advance(120_000);
    expect(reasons()).toEqual(['start@0']);
    expect(clock.pendingTimers()).toEqual([]);
  });
});
