import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';

export const LOCK_FILE = 'till.lock';
/** The pid of the till holding the lock, for the message a second till prints. Informational only. */
export const LOCK_HOLDER_FILE = 'till.pid';

export interface DataDirectoryLock {
  release(): void;
}

/** Another till holds the data directory. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    const who = holderPid === undefined ? 'another till' : `another till (process ${holderPid})`;
    super(`${who} is using the data directory ${dataDir}: stop it first, or give this till its own --data`);
    this.name = 'DataDirectoryLockedError';
  }
}

/**
 * Takes the one-till-per-data-directory lock: two tills on one directory would run two sync engines on one outbox.
 *
 * The lock is an operating-system file lock, held by SQLite on `till.lock` (locking_mode=EXCLUSIVE after a write),
 * so it goes with the process however it ends: a till killed with -9 leaves no lock behind, and a `till.pid` it
 * left is simply overwritten by the next holder.
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const db = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL); DELETE FROM holder;');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataDirectoryLockedError(dataDir, readHolderPid(dataDir));
    throw error;
  }
  const holderFile = path.join(dataDir, LOCK_HOLDER_FILE);
  fs.writeFileSync(holderFile, `${process.pid}\n`, { mode: 0o600 });
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (readHolderPid(dataDir) === process.pid) fs.rmSync(holderFile, { force: true });
      db.close();
    },
  };
}

const HolderPidSchema = z.string().trim().regex(/^\d{1,10}$/).transform(Number);

function readHolderPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, LOCK_HOLDER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = HolderPidSchema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}
