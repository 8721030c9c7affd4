import { BootstrapLoader } from '../cache/bootstrapLoader';
import type { BootstrapRow } from '../cache/bootstrapLoader';
import { BootstrapPageSchema } from '../protocol/bootstrap';
import { KeySetSchema } from '../protocol/keys';
import { SYNC_PATHS } from '../protocol/version';
import type { SyncContext } from './syncContext';
import { SyncFailure } from './syncFailure';
import { SYNC_KEYS, readSyncRecord } from './syncRecord';
import type { BootstrapProgress } from './syncStatus';
import { bootstrapRowFromWire, memberKeysFromWire } from './wireToCache';

export interface BootstrapOptions {
  pageSize: number;
  /** Start a new copy even if one is under way (after a 410, a re-enrolment elsewhere, or on request). */
  fresh: boolean;
  onProgress?: (progress: BootstrapProgress) => void;
  /** The CRM + store the copy comes from, stored with it. */
  source: string;
}

/** Pages fetched ahead of the one committing: hashing and inserting page N overlap with fetching page N+1. */
const PAGES_IN_FLIGHT = 2;

/**
 * The first full copy of the CRM's members, page by page straight into SQLite through the cache's BootstrapLoader.
 * Each page commits together with the token of the next one, so a crash (kill -9) resumes where it stopped; the last
 * page also stores the key set, and the final transaction stores the snapshot cursor the pulls continue from.
 * Returns that cursor.
 */
export async function runBootstrap(ctx: SyncContext, options: BootstrapOptions): Promise<string> {
  const { syncState } = ctx.repos;
  const loader = new BootstrapLoader(ctx.db, ctx.hashKey, { logger: ctx.logger, now: ctx.now });
  let record = readSyncRecord(syncState).bootstrap;
  // A copy is resumable only while the loader's marker agrees; otherwise (crash between the two) start again.
  const resumable = record.state === 'running' && !options.fresh && (record.pageToken === '' || BootstrapLoader.inProgress(ctx.db));
  if (!resumable) {
    // Throws an interrupted copy away (never swaps a partial one in); a cache holding a complete copy keeps
    // answering lookups from it until the new one is complete.
    loader.begin({ restart: true });
    const hadCompleteCopy = readSyncRecord(syncState).completeCopy;
    ctx.db
      .transaction(() => {
        // The live tables keep a complete copy while the new one loads: lookups there are still genuine answers.
        if (hadCompleteCopy && syncState.get(SYNC_KEYS.completeCopyAt) === undefined) syncState.set(SYNC_KEYS.completeCopyAt, String(ctx.now()));
        for (const key of [SYNC_KEYS.cursor, SYNC_KEYS.bootstrapPageToken, SYNC_KEYS.bootstrapCursor, SYNC_KEYS.bootstrapKeys, SYNC_KEYS.bootstrapRequested]) syncState.delete(key);
        syncState.setMany({ [SYNC_KEYS.bootstrapState]: 'running', [SYNC_KEYS.bootstrapDone]: '0', [SYNC_KEYS.bootstrapTotal]: '0', [SYNC_KEYS.source]: options.source });
      })
      .immediate();
    record = readSyncRecord(syncState).bootstrap;
    ctx.logger.info('bootstrap started');
  } else if (record.pageToken !== '') {
    loader.begin();
    ctx.logger.info({ done: record.done, total: record.total }, 'bootstrap resumed');
  }

  if (record.pageToken !== '') {
    try {
      await loadPages(ctx, loader, record, options);
    } catch (error) {
      await loader.close();
      throw error;
    }
  }
  return finishBootstrap(ctx, loader);
}

async function loadPages(ctx: SyncContext, loader: BootstrapLoader, record: ReturnType<typeof readSyncRecord>['bootstrap'], options: BootstrapOptions): Promise<void> {
  const startedAt = ctx.now();
  const startedDone = record.done;
  let token = record.pageToken;
  let done = record.done;
  const inFlight: Array<Promise<void>> = [];
  try {
    for (;;) {
      if (ctx.signal.aborted) throw new SyncFailure('local_error', 'bootstrap: stopped');
      const page = await ctx.http.request({
        method: 'GET',
        path: SYNC_PATHS.bootstrap,
        searchParams: token === null ? { limit: options.pageSize } : { after: token, limit: options.pageSize },
        schema: BootstrapPageSchema,
        idempotent: true,
        signal: ctx.signal,
      });
      const rows: BootstrapRow[] = page.rows.map(bootstrapRowFromWire);
      const last = page.nextPageToken === null;
      done += rows.length;
      const total = Math.max(page.total, done);
      const state: Record<string, string> = {
        [SYNC_KEYS.bootstrapPageToken]: page.nextPageToken ?? '',
        [SYNC_KEYS.bootstrapCursor]: page.cursor,
        [SYNC_KEYS.bootstrapDone]: String(done),
        [SYNC_KEYS.bootstrapTotal]: String(total),
      };
      if (last) state[SYNC_KEYS.bootstrapKeys] = JSON.stringify(page.keys);
      const doneAtCommit = done;
      const commit = loader.loadPage(rows, state).then(() => {
        const seconds = Math.max(0.001, (ctx.now() - startedAt) / 1000);
        options.onProgress?.({ state: 'running', done: doneAtCommit, total, rate: Math.round((doneAtCommit - startedDone) / seconds) });
      });
      commit.catch(() => undefined); // awaited in order below; this only keeps an early failure from being "unhandled"
      inFlight.push(commit);
      if (inFlight.length >= PAGES_IN_FLIGHT) await inFlight.shift();
      if (last) break;
      token = page.nextPageToken;
    }
    while (inFlight.length > 0) await inFlight.shift();
  } finally {
    await Promise.allSettled(inFlight);
  }
}

async function finishBootstrap(ctx: SyncContext, loader: BootstrapLoader): Promise<string> {
  const { syncState, memberKeys } = ctx.repos;
  await loader.finish();
  const record = readSyncRecord(syncState).bootstrap;
  if (record.snapshotCursor === null) throw new SyncFailure('local_error', 'bootstrap: the snapshot cursor is missing');
  const keys = record.keysJson === null ? null : KeySetSchema.safeParse({ keys: JSON.parse(record.keysJson) as unknown });
  if (keys !== null && !keys.success) throw new SyncFailure('local_error', 'bootstrap: the stored key set is damaged');
  const cursor = record.snapshotCursor;
  ctx.db
    .transaction(() => {
      if (keys !== null && keys.success) memberKeys.replaceAll(memberKeysFromWire(keys.data.keys));
      syncState.set(SYNC_KEYS.cursor, cursor);
      syncState.set(SYNC_KEYS.bootstrapState, 'done');
      if (syncState.get(SYNC_KEYS.completeCopyAt) === undefined) syncState.set(SYNC_KEYS.completeCopyAt, String(ctx.now()));
      for (const key of [SYNC_KEYS.bootstrapPageToken, SYNC_KEYS.bootstrapCursor, SYNC_KEYS.bootstrapKeys]) syncState.delete(key);
    })
    .immediate();
  ctx.logger.info({ profiles: record.done }, 'bootstrap finished');
  return cursor;
}
