import { ChangesPageSchema } from '../protocol/changes';
import type { ChangesPage } from '../protocol/changes';
import { SYNC_PATHS } from '../protocol/version';
import type { ClearIdentifier } from '../cache/types';
import type { PreparedHashes } from './identifierPrehasher';
import type { AppliedChanges } from './applyChangesPage';
import { applyChangesPage } from './applyChangesPage';
import type { SyncContext } from './syncContext';
import { SyncFailure } from './syncFailure';
import { SYNC_KEYS } from './syncRecord';

export interface PullOptions {
  pageSize: number;
  /** Bound on pages per call, so one cycle never runs forever behind a busy feed. */
  maxPages: number;
  onApplied?: (applied: AppliedChanges) => void;
}

export interface PullResult {
  pages: number;
  changes: number;
  caughtUp: boolean;
}

/**
 * Pulls change pages from the stored cursor until the feed has no more (or maxPages), each applied atomically with
 * its cursor. A 410 surfaces as a `cursor_expired` SyncFailure: the engine answers it with a fresh bootstrap.
 */
export async function pullChanges(ctx: SyncContext, options: PullOptions): Promise<PullResult> {
  const result: PullResult = { pages: 0, changes: 0, caughtUp: false };
  const fetchPage = (cursor: string): Promise<{ page: ChangesPage; hashes: PreparedHashes }> => {
    const request = ctx.http
      .request({
        method: 'GET',
        path: SYNC_PATHS.changes,
        searchParams: { cursor, limit: options.pageSize },
        schema: ChangesPageSchema,
        idempotent: true,
        signal: ctx.signal,
      })
      .then(async (page) => ({ page, hashes: (await ctx.prehasher?.prepare(upsertedIdentifiers(page))) ?? new Map<string, Buffer>() }));
    request.catch(() => undefined); // a prefetch abandoned after a failed apply must not be an unhandled rejection
    return request;
  };
  const cursor = ctx.repos.syncState.get(SYNC_KEYS.cursor);
  if (cursor === undefined) throw new SyncFailure('cursor_expired', 'pull: no cursor (the cache has not been bootstrapped)');
  let next = fetchPage(cursor);
  while (result.pages < options.maxPages) {
    if (ctx.signal.aborted) throw new SyncFailure('local_error', 'pull: stopped');
    const { page, hashes } = await next;
    const last = !page.hasMore || result.pages + 1 >= options.maxPages;
    // Ask for the next page before applying this one: the CRM renders it while we write.
    if (!last) next = fetchPage(page.cursor);
    const extraState: Record<string, string> = page.hasMore ? {} : { [SYNC_KEYS.lastPullAt]: String(ctx.now()) };
    const apply = (): AppliedChanges => applyChangesPage(ctx, page, extraState);
    const applied = ctx.prehasher ? ctx.prehasher.withPrepared(hashes, apply) : apply();
    result.pages += 1;
    result.changes += page.changes.length;
    if (page.changes.length > 0) options.onApplied?.(applied);
    if (!page.hasMore) {
      result.caughtUp = true;
      break;
    }
    if (last) break;
  }
  return result;
}

function upsertedIdentifiers(page: ChangesPage): ClearIdentifier[] {
  const identifiers: ClearIdentifier[] = [];
  for (const change of page.changes) if (change.type === 'upsert') identifiers.push(...change.profile.identifiers);
  return identifiers;
}
