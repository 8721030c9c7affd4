import { truncateWal } from '../cache/durability';
import type { ChangesPage } from '../protocol/changes';
import type { SyncContext } from './syncContext';
import { SYNC_KEYS } from './syncRecord';
import { memberKeysFromWire, profileFromWire } from './wireToCache';

/** What a change page did to the cache, for events (ids only). */
export interface AppliedChanges {
  upserts: number;
  erased: string[];
  merged: Array<{ from: string; into: string }>;
  keysReplaced: boolean;
}

/**
 * Applies one page of changes and stores its cursor in ONE transaction: after a crash the cache holds either the
 * whole page and the new cursor or neither. `extraState` rides along (e.g. the last-pull time on the final page).
 */
export function applyChangesPage(
  ctx: Pick<SyncContext, 'db' | 'repos'>,
  page: ChangesPage,
  extraState: Readonly<Record<string, string>> = {},
): AppliedChanges {
  const { profiles, memberKeys, syncState } = ctx.repos;
  const applied: AppliedChanges = { upserts: 0, erased: [], merged: [], keysReplaced: false };
  ctx.db
    .transaction(() => {
      for (const change of page.changes) {
        switch (change.type) {
          case 'upsert': {
            const { profile, identifiers } = profileFromWire(change.profile);
            profiles.upsertProfile(profile, identifiers);
            applied.upserts += 1;
            break;
          }
          case 'erase':
            profiles.eraseProfile(change.profileId);
            applied.erased.push(change.profileId);
            break;
          case 'merge':
            profiles.mergeProfile(change.from, change.into);
            applied.merged.push({ from: change.from, into: change.into });
            break;
          case 'keys':
            memberKeys.replaceAll(memberKeysFromWire(change.keys));
            applied.keysReplaced = true;
            break;
        }
      }
      syncState.set(SYNC_KEYS.cursor, page.cursor);
      for (const [key, value] of Object.entries(extraState)) syncState.set(key, value);
    })
    .immediate();
  // Erased people's old page images can linger in the WAL: checkpoint them away now the page is committed.
  if (applied.erased.length > 0) truncateWal(ctx.db);
  return applied;
}
