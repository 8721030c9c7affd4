import path from 'node:path';
import { migrateHubDatabase } from './migrate';
import { openPgliteDatabase } from './pgliteDatabase';
import { openPostgresDatabase } from './postgresDatabase';
import type { HubDatabase } from './sql';

export const PGLITE_FOLDER = 'pglite';

/**
 * The hub's database, migrated: PostgreSQL at `databaseUrl` when given, else PGlite embedded in `dataDir`
 * (`<dataDir>/pglite`), else PGlite in memory.
 */
export async function openHubDatabase(options: { databaseUrl?: string; dataDir?: string; poolSize?: number }): Promise<HubDatabase> {
  const db = options.databaseUrl !== undefined
    ? await openPostgresDatabase(options.databaseUrl, options.poolSize === undefined ? {} : { maxConnections: options.poolSize })
    : await openPgliteDatabase(options.dataDir === undefined ? undefined : path.join(options.dataDir, PGLITE_FOLDER));
  try {
    await migrateHubDatabase(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
