import type { SyncStateRepository } from '../cache/syncStateRepository';

/**
 * The sync engine's own values in the cache's sync_state table. They are written in the same transaction as the
 * data they describe (a page and its token, a change page and its cursor), which is what makes kill -9 harmless.
 */
export const SYNC_KEYS = {
  /** Which CRM and store the cache mirrors (`<crmUrl> <storeId>`); another one means a fresh bootstrap. */
  source: 'sync.source',
  /** The change-feed cursor; absent until a bootstrap has finished. */
  cursor: 'sync.cursor',
  /** Epoch ms of the last pull that reached the end of the feed. */
  lastPullAt: 'sync.lastPullAt',
  /** Epoch ms of the last upload the CRM answered. */
  lastPushAt: 'sync.lastPushAt',
  /** `running` while a bootstrap is under way (resumable), `done` after; absent before the first. */
  bootstrapState: 'sync.bootstrap.state',
  /** The page token to continue from ('' once the last page is in). */
  bootstrapPageToken: 'sync.bootstrap.pageToken',
  /** The snapshot's feed position, to pull from once the copy is complete. */
  bootstrapCursor: 'sync.bootstrap.cursor',
  bootstrapDone: 'sync.bootstrap.done',
  bootstrapTotal: 'sync.bootstrap.total',
  /** The last page's key set (JSON), stored with it so finishing after a crash needs no request. */
  bootstrapKeys: 'sync.bootstrap.keys',
  /** Set by rebootstrap(): the next cycle starts a new copy. */
  bootstrapRequested: 'sync.bootstrap.requested',
  /** Epoch ms when a complete copy of the member list was first in the cache; kept through later copies. */
  completeCopyAt: 'sync.completeCopyAt',
} as const;

export interface SyncRecord {
  source: string | null;
  cursor: string | null;
  lastPullAt: number | null;
  lastPushAt: number | null;
  /** The cache holds a complete copy of the CRM's member list (false until the very first copy is in). */
  completeCopy: boolean;
  bootstrap: {
    state: 'none' | 'running' | 'done';
    pageToken: string | null;
    snapshotCursor: string | null;
    done: number;
    total: number;
    keysJson: string | null;
    requested: boolean;
  };
}

export function readSyncRecord(state: SyncStateRepository): SyncRecord {
  const text = (key: string): string | null => state.get(key) ?? null;
  const integer = (key: string): number | null => {
    const value = state.get(key);
    if (value === undefined) return null;
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : null;
  };
  const bootstrapState = text(SYNC_KEYS.bootstrapState);
  return {
    source: text(SYNC_KEYS.source),
    cursor: text(SYNC_KEYS.cursor),
    lastPullAt: integer(SYNC_KEYS.lastPullAt),
    lastPushAt: integer(SYNC_KEYS.lastPushAt),
    // A cache whose copy finished before the marker existed has a cursor (or a finished copy) instead.
    completeCopy: text(SYNC_KEYS.completeCopyAt) !== null || text(SYNC_KEYS.cursor) !== null || bootstrapState === 'done',
    bootstrap: {
      state: bootstrapState === 'running' || bootstrapState === 'done' ? bootstrapState : 'none',
      pageToken: text(SYNC_KEYS.bootstrapPageToken),
      snapshotCursor: text(SYNC_KEYS.bootstrapCursor),
      done: integer(SYNC_KEYS.bootstrapDone) ?? 0,
      total: integer(SYNC_KEYS.bootstrapTotal) ?? 0,
      keysJson: text(SYNC_KEYS.bootstrapKeys),
      requested: text(SYNC_KEYS.bootstrapRequested) === '1',
    },
  };
}
