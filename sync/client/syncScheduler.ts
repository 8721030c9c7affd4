import type { BackoffPolicy } from './backoff';
import { defaultBackoffPolicy, fullJitterDelay } from './backoff';
import type { Clock, TimerHandle } from './clock';

/**
 * When to sync. One cycle at a time; pulls every `pullIntervalMs` while the CRM answers, pushes `pushDebounceMs`
 * after the first outbox notice (notices inside that window ride along, so a burst of receipts is one upload and a
 * steady stream is never starved), and backs off with full jitter while cycles fail. All time comes from `clock`.
 */
export type SyncCycleReason = 'start' | 'interval' | 'outbox' | 'manual' | 'retry';

export interface SyncCycleRequest {
  pull: boolean;
  push: boolean;
  reason: SyncCycleReason;
}

export interface SyncCycleResult {
  ok: boolean;
}

export interface SyncSchedulerOptions {
  clock: Clock;
  pullIntervalMs: number;
  pushDebounceMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** One sync cycle. A throw counts as a failed cycle. */
  runCycle: (request: SyncCycleRequest) => Promise<SyncCycleResult>;
}

export interface SyncScheduler {
  /** Starts the schedule with a full cycle at once. */
  start(): void;
  /** Cancels what is planned and resolves once the cycle in flight (if any) has finished. */
  stop(): Promise<void>;
  /** A full cycle as soon as the one in flight is done, bypassing any backoff; also works before start(). */
  syncNow(): Promise<SyncCycleResult>;
  /** Something was queued: push soon. */
  notifyOutbox(): void;
  /** Epoch ms of the next planned wake-up, or null. */
  nextWakeAt(): number | null;
  /** Consecutive failed cycles. */
  failures(): number;
}

export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { clock, pullIntervalMs, runCycle } = options;
  const pushDebounceMs = options.pushDebounceMs ?? 250;
  const backoff = options.backoff ?? defaultBackoffPolicy;
  const random = options.random ?? Math.random;

  let phase: 'idle' | 'running' | 'stopped' = 'idle';
  let inFlight: Promise<void> | null = null;
  let timer: TimerHandle | null = null;
  let wakeAt: number | null = null;
  let nextPullAt = 0;
  let pushDueAt: number | null = null;
  let backoffUntil: number | null = null;
  let consecutiveFailures = 0;
  let manualWaiters: Array<(result: SyncCycleResult) => void> = [];

  function clearTimer(): void {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
    wakeAt = null;
  }

  function plan(): void {
    clearTimer();
    if (inFlight !== null) return; // re-planned when the cycle ends
    if (phase === 'stopped') return;
    if (manualWaiters.length > 0) {
      wake();
      return;
    }
    if (phase !== 'running') return;
    const at = backoffUntil ?? Math.min(nextPullAt, pushDueAt ?? Number.POSITIVE_INFINITY);
    wakeAt = at;
    timer = clock.setTimer(() => {
      timer = null;
      wakeAt = null;
      wake();
    }, at - clock.now());
  }

  function wake(): void {
    if (inFlight !== null || phase === 'stopped') return;
    const now = clock.now();
    let request: SyncCycleRequest | null = null;
    if (manualWaiters.length > 0) {
      request = { pull: true, push: true, reason: 'manual' };
    } else if (phase !== 'running') {
      return;
    } else if (backoffUntil !== null) {
      if (now >= backoffUntil) request = { pull: true, push: true, reason: 'retry' };
    } else {
      const pull = now >= nextPullAt;
      const push = pull || (pushDueAt !== null && now >= pushDueAt);
      if (pull || push) request = { pull, push, reason: pull ? (nextPullAt === 0 ? 'start' : 'interval') : 'outbox' };
    }
    if (request === null) {
      plan();
      return;
    }
    run(request);
  }

  function run(request: SyncCycleRequest): void {
    const waiters = manualWaiters;
    manualWaiters = [];
    if (request.push) pushDueAt = null;
    inFlight = (async () => {
      let result: SyncCycleResult;
      try {
        result = await runCycle(request);
      } catch {
        result = { ok: false };
      }
      const now = clock.now();
      if (result.ok) {
        consecutiveFailures = 0;
        backoffUntil = null;
        if (request.pull) nextPullAt = now + pullIntervalMs;
      } else {
        consecutiveFailures += 1;
        backoffUntil = now + fullJitterDelay(consecutiveFailures, backoff, random);
      }
      inFlight = null;
      for (const resolve of waiters) resolve(result);
      plan();
    })();
  }

  return {
    start() {
      if (phase !== 'idle') return;
      phase = 'running';
      nextPullAt = 0;
      plan();
    },
    async stop() {
      phase = 'stopped';
      clearTimer();
      while (inFlight !== null) await inFlight;
      const waiters = manualWaiters;
      manualWaiters = [];
      for (const resolve of waiters) resolve({ ok: false });
    },
    syncNow() {
      if (phase === 'stopped') return Promise.resolve({ ok: false });
      return new Promise<SyncCycleResult>((resolve) => {
        manualWaiters.push(resolve);
        if (inFlight === null) plan();
      });
    },
    notifyOutbox() {
      if (phase !== 'running') return;
      if (pushDueAt !== null) return;
      pushDueAt = clock.now() + pushDebounceMs;
      if (inFlight === null) plan();
    },
    nextWakeAt: () => wakeAt,
    failures: () => consecutiveFailures,
  };
}
