import fs from 'node:fs';
import type { CacheDatabase } from './database';
import { currentUser } from './currentUser';

/**
 * What a till checks of its cache before it serves, so a cache that cannot do its job refuses to start with the
 * reason instead of starting with health "ok" and losing or refusing sales later.
 */

const WRITE_PROBE_STATE = 'cache.lastOpenedAt';

/**
 * A data directory whose `hash.key` exists built a cache with it: a `cache.db` that is now missing or empty was lost
 * (deleted, truncated), and with it every receipt, sign-up and consent change not yet delivered to the CRM. Opening
 * it would silently start a fresh cache, so refuse unless the operator accepts the loss.
 */
export function refuseLostCache(files: { cacheFile: string; hasHashKey: boolean }, acceptEmptyCache: boolean): void {
  if (acceptEmptyCache || !files.hasHashKey) return;
  const size = fileSize(files.cacheFile);
  if (size !== undefined && size > 0) return;
  const what = size === undefined ? 'is missing' : 'is empty';
  throw new Error(
    `${files.cacheFile} ${what}, but this data directory has the hash.key it was built with: the member cache was lost, ` +
      'with any receipts, sign-ups and consent changes not yet delivered to the CRM. Restore cache.db from a backup, ' +
      'or start with --accept-empty-cache to begin an empty cache (the members are copied from the CRM again; what was ' +
      'undelivered stays lost).',
  );
}

/**
 * PRAGMA quick_check: a damaged page refuses now rather than answering 500 later with health "ok". It reads every page:
 * ~2.1-2.5 s at 1M members (208 MiB) on a shared 2-core machine, once per start.
 */
export function checkCacheIntegrity(db: CacheDatabase, cacheFile: string): void {
  const findings = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const problems = findings.map((row) => row.quick_check.replace(/\s*\n\s*/g, ' ')).filter((line) => line !== 'ok');
  if (problems.length === 0) return;
  throw new Error(
    `${cacheFile} is damaged (SQLite quick_check: ${problems.join('; ')}). Stop here: restore cache.db from a backup, or ` +
      'move it aside and start with --accept-empty-cache (receipts not yet delivered to the CRM are then lost).',
  );
}

/**
 * A cache the till can read but not write (a read-only file, another owner) would identify customers and fail every
 * receipt and sign-up: write once at start so that shows now.
 */
export function checkCacheWritable(db: CacheDatabase, cacheFile: string, now: () => number): void {
  try {
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(WRITE_PROBE_STATE, String(now()));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_')) throw error;
    if (code === 'SQLITE_FULL') {
      throw new Error(`the disk holding ${cacheFile} is full, so no sale could be recorded: free space on it, then start the till again`, { cause: error });
    }
    throw new Error(
      `${cacheFile} cannot be written by ${currentUser()} (${code}: ${(error as Error).message}), so no sale could be recorded. ` +
        'Give that user write access to the data directory and every file in it, or run the till as their owner.',
      { cause: error },
    );
  }
}

function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * SQLite's own words for a cache.db it cannot open name neither the file nor a way out ("file is not a database",
 * "unable to open database file"): the same failure, with both. Anything else is returned as it is.
 */
export function explainCacheOpenError(error: unknown, cacheFile: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new Error(
      `${cacheFile} is not a SQLite database the till can read (${code}): it is damaged, or another file took its name. ` +
        'Stop here: restore cache.db from a backup, or move it aside (mv cache.db cache.db.bad) and start with ' +
        '--accept-empty-cache (the members are copied from the CRM again; receipts not yet delivered to it are lost).',
      { cause: error },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new Error(
      `${cacheFile} cannot be opened for reading and writing by ${currentUser()} (${code}). Give that user read and ` +
        'write access to the data directory and every file in it, run the till as their owner, or choose another --data.',
      { cause: error },
    );
  }
  return error;
}
