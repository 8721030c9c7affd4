import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CacheDatabase } from '../cache/database';
import { MemberKeyRepository } from '../cache/memberKeyRepository';
import { OutboxRepository } from '../cache/outboxRepository';
import { ProfileRepository } from '../cache/profileRepository';
import { SyncStateRepository } from '../cache/syncStateRepository';
import { SYNC_LIMITS } from '../protocol/version';
import type { AppliedChanges } from './applyChangesPage';
import type { BackoffPolicy } from './backoff';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Connectivity } from './connectivity';
import { initialConnectivity, nextConnectivity } from './connectivity';
import type { CredentialStore } from './credentialStore';
import { createFileCredentialStore } from './credentialStore';
import type { CrmHttpClientOptions } from './crmHttpClient';
import { createIdentifierPrehasher } from './identifierPrehasher';
import type { CrmSession } from './crmSession';
import { createCrmSessionKeeper } from './crmSession';
import { pullChanges } from './pullChanges';
import { pushOutbox } from './pushOutbox';
import { runBootstrap } from './runBootstrap';
import { sendHeartbeat } from './sendHeartbeat';
import type { HeartbeatSource } from './sendHeartbeat';
import type { SyncContext, SyncRepositories } from './syncContext';
import { SyncFailure, toSyncFailure } from './syncFailure';
import { SYNC_KEYS, readSyncRecord } from './syncRecord';
import type { SyncCycleRequest, SyncCycleResult } from './syncScheduler';
import { createSyncScheduler } from './syncScheduler';
import type { BootstrapProgress, SyncStatus } from './syncStatus';
import { ENROLMENT_FILE } from './tillEnrolment';

/**
 * Profiles per bootstrap page. Each page is parsed, validated and inserted on the till's main thread, holding lookups
 * meanwhile: a 10,000-row page held them up to ~770 ms on a busy machine (docs/performance.md), 2,000 rows a fifth of
 * that, for a few hundred more requests per million members.
 */
export const BOOTSTRAP_PAGE_SIZE = 2_000;

export interface SyncEngineOptions {
  /** The open member cache (sync/cache openCacheDatabase / openMemberCache().db). The engine never closes it. */
  db: CacheDatabase;
  /** Holds the enrolment and the credentials file. */
  dataDir: string;
  logger: Logger;
  /** The per-install identifier hash key (openMemberCache().hashKey). */
  hasherKey: Buffer;
  /** Pull every this many ms while online (default 30 s). */
  pullIntervalMs?: number;
  /** Push this long after the first outbox notice (default 250 ms). */
  pushDebounceMs?: number;
  /** Backoff between failed cycles (default 1 s doubling to 60 s, full jitter). */
  backoff?: BackoffPolicy;
  /** Epoch ms; shorthand for a clock with real timers. */
  now?: () => number;
  /** Time and timers (tests inject a manual clock). Wins over `now`. */
  clock?: Clock;
  random?: () => number;
  /** Default: the 0600 file in dataDir. The Electron shell passes one sealed with safeStorage. */
  credentialStore?: CredentialStore;
  /** Profiles per bootstrap page (default 2,000: BOOTSTRAP_PAGE_SIZE). */
  bootstrapPageSize?: number;
  /** Changes per pull page (default 2,000; pages are pipelined). */
  changesPageSize?: number;
  /** Outbox items per upload (default 250). */
  uploadBatchSize?: number;
  /** Per-cycle bounds on pull pages and upload batches (default 1,000 each). */
  maxPagesPerCycle?: number;
  http?: Pick<CrmHttpClientOptions, 'timeouts' | 'retry'>;
  /** With it, every cycle that reached the CRM side ends with a heartbeat (docs/sync-protocol.md). */
  heartbeat?: HeartbeatSource;
}

/** What a change page, a merge or a sign-up answer did to profiles (ids only): the till updates its session. */
export interface ProfileChanges {
  erased: string[];
  merged: Array<{ from: string; into: string }>;
  mapped: Array<{ provisionalId: string; profileId: string }>;
}

/** A dead letter as a manager sees it: what, when, why. The payload stays in the cache. */
export interface DeadLetter {
  id: string;
  kind: string;
  reason: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

export interface SyncEngineEvents {
  status: [SyncStatus];
  progress: [BootstrapProgress];
  profiles: [ProfileChanges];
}

export interface SyncEngine {
  /** Starts the schedule: a cycle at once, then pulls every pullIntervalMs and pushes soon after notifyOutbox(). */
  start(): void;
  /** Stops the schedule; a cycle in flight ends at its next safe point (between pages) and is awaited. */
  stop(): Promise<void>;
  /** One full cycle (push, bootstrap if needed, pull) as soon as possible; resolves with the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** Drops the cursor and copies everything again (durably requested, so a restart does not forget it). */
  rebootstrap(): Promise<SyncStatus>;
  status(): SyncStatus;
  /** `status().online` without reading the cache (status() counts the outbox): cheap enough to ask on every scan. */
  online(): boolean;
  /** Something was queued (a receipt, a sign-up, a consent): push soon. */
  notifyOutbox(): void;
  deadLetters(limit?: number): DeadLetter[];
  /** Subscribes; returns the unsubscribe function. */
  on<E extends keyof SyncEngineEvents>(event: E, listener: (...args: SyncEngineEvents[E]) => void): () => void;
}

/** What status() says once the cache is closed and nothing was ever read. */
function closedStatus(): SyncStatus {
  return {
    enrolled: false, online: false, connectivity: 'unknown', lastPullAt: null, lastPushAt: null, lastError: null, pendingItems: 0,
    deadLetters: 0, cacheProfiles: 0, cursorAgeMs: null, nextSyncAt: null, memberListComplete: false,
    bootstrap: { state: 'none', done: 0, total: 0, rate: 0 },
  };
}

/** Delivered outbox items are bookkeeping only (their payloads are gone); a week of them helps support, then they go. */
const DELIVERED_RETENTION_MS = 7 * 86_400_000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, logger, dataDir } = options;
  const clock: Clock = options.clock ?? (options.now ? { ...systemClock, now: options.now } : systemClock);
  const now = (): number => clock.now();
  const outbox = new OutboxRepository(db, now);
  const prehasher = createIdentifierPrehasher(options.hasherKey, logger);
  const repos: SyncRepositories = {
    outbox,
    profiles: new ProfileRepository(db, prehasher.hasher, outbox, now),
    syncState: new SyncStateRepository(db),
    memberKeys: new MemberKeyRepository(db),
  };
  const sessions = createCrmSessionKeeper({
    dataDir,
    credentialStore: options.credentialStore ?? createFileCredentialStore(dataDir),
    logger,
    ...(options.http ? { http: { ...options.http, ...(options.random ? { random: options.random } : {}) } } : {}),
  });
  const bootstrapPageSize = Math.min(options.bootstrapPageSize ?? BOOTSTRAP_PAGE_SIZE, SYNC_LIMITS.bootstrapMaxLimit);
  const changesPageSize = Math.min(options.changesPageSize ?? 2_000, SYNC_LIMITS.changesMaxLimit);
  const uploadBatchSize = Math.min(options.uploadBatchSize ?? 250, SYNC_LIMITS.maxUploadItems);
  const maxPages = options.maxPagesPerCycle ?? 1_000;
  const emitter = new EventEmitter();
  const abort = new AbortController();

  let connectivity: Connectivity = initialConnectivity;
  let liveBootstrap: BootstrapProgress | null = null;
  let cacheProfiles = safeCount();
  let lastStatus: SyncStatus | null = null;
  let lastEmitted = '';
  // Cleared when the CRM side answers 404: it keeps no heartbeats, so asking again each cycle is noise.
  let heartbeatsWanted = options.heartbeat !== undefined;

  function safeCount(): number {
    try {
      return repos.profiles.count();
    } catch {
      return 0;
    }
  }

  function computeStatus(): SyncStatus {
    if (!db.open) return lastStatus ?? closedStatus();
    const record = readSyncRecord(repos.syncState);
    const counts = outbox.counts();
    const at = now();
    const bootstrap: BootstrapProgress = liveBootstrap ?? {
      state: record.bootstrap.state,
      done: record.bootstrap.done,
      total: record.bootstrap.total,
      rate: 0,
    };
    lastStatus = {
      enrolled: existsSync(path.join(dataDir, ENROLMENT_FILE)),
      online: connectivity.state === 'online',
      connectivity: connectivity.state,
      lastPullAt: record.lastPullAt,
      lastPushAt: record.lastPushAt,
      lastError: connectivity.lastError,
      pendingItems: counts.pending,
      deadLetters: counts.dead,
      cacheProfiles: liveBootstrap ? liveBootstrap.done : cacheProfiles,
      cursorAgeMs: record.lastPullAt === null ? null : Math.max(0, at - record.lastPullAt),
      nextSyncAt: scheduler.nextWakeAt(),
      memberListComplete: record.completeCopy,
      bootstrap,
    };
    return lastStatus;
  }

  /** Emits `status` when something a person would notice changed (the cursor age alone does not count). */
  function emitStatus(): void {
    try {
      const status = computeStatus();
      const { cursorAgeMs: _age, nextSyncAt: _next, ...meaningful } = status;
      const key = JSON.stringify({ ...meaningful, bootstrap: { ...meaningful.bootstrap, rate: 0 } });
      if (key === lastEmitted) return;
      lastEmitted = key;
      emit('status', status);
    } catch (error) {
      logger.warn({ err: toSyncFailure(error).message }, 'sync: status could not be read');
    }
  }

  /** A listener that throws is logged, never allowed to fail a sync step. */
  function emit<E extends keyof SyncEngineEvents>(event: E, ...args: SyncEngineEvents[E]): void {
    for (const listener of emitter.listeners(event)) {
      try {
        (listener as (...a: SyncEngineEvents[E]) => void)(...args);
      } catch (error) {
        logger.warn({ event, err: error instanceof Error ? error.name : typeof error }, 'sync: an event listener failed');
      }
    }
  }

  function emitProfiles(changes: Partial<ProfileChanges>): void {
    const event: ProfileChanges = { erased: changes.erased ?? [], merged: changes.merged ?? [], mapped: changes.mapped ?? [] };
    if (event.erased.length + event.merged.length + event.mapped.length > 0) emit('profiles', event);
  }

  function onApplied(applied: AppliedChanges): void {
    emitProfiles({ erased: applied.erased, merged: applied.merged });
  }

  async function bootstrapIfNeeded(ctx: SyncContext, session: CrmSession, forceFresh: boolean): Promise<void> {
    const record = readSyncRecord(repos.syncState);
    const sourceChanged = record.source !== null && record.source !== session.source;
    const fresh = forceFresh || record.bootstrap.requested || sourceChanged;
    if (!fresh && record.bootstrap.state === 'done' && record.cursor !== null) return;
    if (sourceChanged) logger.warn('sync: the till was enrolled with another CRM or store; copying its members afresh');
    let lastProgressStatus = 0;
    liveBootstrap = { state: 'running', done: fresh ? 0 : record.bootstrap.done, total: record.bootstrap.total, rate: 0 };
    emit('progress', liveBootstrap);
    try {
      await runBootstrap(ctx, {
        pageSize: bootstrapPageSize,
        fresh,
        source: session.source,
        onProgress: (progress) => {
          liveBootstrap = progress;
          emit('progress', progress);
          if (now() - lastProgressStatus >= 1_000) {
            lastProgressStatus = now();
            emitStatus();
          }
        },
      });
      cacheProfiles = safeCount();
      const done = readSyncRecord(repos.syncState).bootstrap;
      emit('progress', { state: 'done', done: done.done, total: done.total, rate: 0 });
    } finally {
      liveBootstrap = null;
    }
  }

  async function pullWithBootstrap(ctx: SyncContext, session: CrmSession): Promise<void> {
    let forceFresh = false;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await bootstrapIfNeeded(ctx, session, forceFresh);
        await pullChanges(ctx, { pageSize: changesPageSize, maxPages, onApplied });
        return;
      } catch (error) {
        if (error instanceof SyncFailure && error.kind === 'cursor_expired' && attempt === 0) {
          logger.warn('sync: the CRM no longer knows our position; copying its members afresh');
          forceFresh = true;
          continue;
        }
        throw error;
      }
    }
  }

  async function runCycle(request: SyncCycleRequest): Promise<SyncCycleResult> {
    const startedAt = now();
    try {
      const session = await sessions.current();
      const ctx: SyncContext = { db, hashKey: options.hasherKey, repos, http: session.http, logger, now, signal: abort.signal, prehasher };
      let pushFailure: unknown = null;
      if (request.push) {
        try {
          const pushed = await pushOutbox(ctx, {
            batchSize: uploadBatchSize,
            maxBatches: maxPages,
            tillId: session.enrolment.deviceId,
            onBatch: (outcome) => {
              emitProfiles({ mapped: outcome.mapped });
              emitStatus();
            },
          });
          if (pushed.batches > 0) {
            logger.info({ delivered: pushed.delivered, dead: pushed.dead, mapped: pushed.mapped.length }, 'sync: pushed');
            outbox.pruneDelivered(now() - DELIVERED_RETENTION_MS);
          }
        } catch (error) {
          // An upload that keeps failing must not keep the cache from following the CRM: pull anyway, unless the
          // CRM is plainly out of reach (then the pull would only wait out the same timeout).
          const kind = toSyncFailure(error).kind;
          if (kind === 'unreachable' || kind === 'timeout' || abort.signal.aborted) throw error;
          pushFailure = error;
        }
      }
      if (request.pull) await pullWithBootstrap(ctx, session);
      // After push and pull, so the hub sees this cycle's backlog and times; a failing push still reports itself.
      if (options.heartbeat && heartbeatsWanted && (await sendHeartbeat(ctx, options.heartbeat)) === 'not_supported') heartbeatsWanted = false;
      if (pushFailure !== null) throw pushFailure;
      cacheProfiles = safeCount();
      connectivity = nextConnectivity(connectivity, { type: 'succeeded', at: now() });
      logger.debug({ reason: request.reason, ms: now() - startedAt }, 'sync: cycle done');
      emitStatus();
      return { ok: true };
    } catch (error) {
      if (abort.signal.aborted) return { ok: false };
      const failure = toSyncFailure(error);
      const repeated = connectivity.lastError?.kind === failure.kind;
      connectivity = nextConnectivity(connectivity, { type: 'failed', at: now(), kind: failure.kind, message: failure.message });
      // Offline for an hour is one warning, not one per retry.
      (repeated ? logger.debug.bind(logger) : logger.warn.bind(logger))({ kind: failure.kind, err: failure.message, reason: request.reason }, 'sync: cycle failed');
      emitStatus();
      return { ok: false };
    }
  }

  const scheduler = createSyncScheduler({
    clock,
    pullIntervalMs: options.pullIntervalMs ?? 30_000,
    pushDebounceMs: options.pushDebounceMs ?? 250,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
    runCycle,
  });

  const status = (): SyncStatus => computeStatus();

  return {
    start() {
      scheduler.start();
    },
    async stop() {
      abort.abort();
      await scheduler.stop();
      sessions.close();
      await prehasher.close();
    },
    async syncNow() {
      await scheduler.syncNow();
      return status();
    },
    async rebootstrap() {
      if (db.open) repos.syncState.set(SYNC_KEYS.bootstrapRequested, '1');
      await scheduler.syncNow();
      return status();
    },
    status,
    online: () => connectivity.state === 'online',
    notifyOutbox() {
      scheduler.notifyOutbox();
      emitStatus();
    },
    deadLetters(limit = 100) {
      return outbox.listDead(limit).map((item) => ({
        id: item.id,
        kind: item.kind,
        reason: item.lastError,
        attempts: item.attempts,
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
      }));
    },
    on(event, listener) {
      emitter.on(event, listener as (...args: unknown[]) => void);
      return () => {
        emitter.off(event, listener as (...args: unknown[]) => void);
      };
    },
  };
}
