import { openHubDatabase } from '../db/openHubDatabase';
import { ChangeLog, DEFAULT_CHANGE_RETENTION } from '../feed/changeLog';
import { MemberMirror } from '../mirror/memberMirror';
import type { ImportTarget } from './importMemberFile';

/**
 * The mirror and change log of a hub's database, for `tillid hub import` in a process of its own: beside running
 * hub processes on PostgreSQL; on PGlite only while no hub has that data directory open (PGlite is one process's).
 */
export async function openImportTarget(options: { databaseUrl?: string; dataDir?: string }): Promise<ImportTarget & { close(): Promise<void> }> {
  const db = await openHubDatabase(options);
  const feed = new ChangeLog(DEFAULT_CHANGE_RETENTION);
  return { db, feed, mirror: new MemberMirror(feed), close: () => db.close() };
}
