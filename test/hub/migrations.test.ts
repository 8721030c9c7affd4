import { afterEach, describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS, migrateHubDatabase } from '../../hub/db/migrate';
import { openPgliteDatabase } from '../../hub/db/pgliteDatabase';
import { openPostgresDatabase } from '../../hub/db/postgresDatabase';
import type { HubDatabase } from '../../hub/db/sql';
import { HUB_ENGINES, hubStorage } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';

async function open(storage: HubStorage): Promise<HubDatabase> {
  return storage.options.databaseUrl !== undefined ? openPostgresDatabase(storage.options.databaseUrl) : openPgliteDatabase(storage.options.dataDir);
}

describe.each(HUB_ENGINES)('hub migrations on %s', (engine) => {
  let storage: HubStorage | undefined;
  const dbs: HubDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
    await storage?.remove();
    storage = undefined;
  });

  it('bring an empty database to the newest version, once, even when two processes start together', async () => {
    storage = await hubStorage(engine);
    const first = await open(storage);
    dbs.push(first);
    const second = engine === 'postgres' ? await open(storage) : first;
    if (second !== first) dbs.push(second);

    const versions = await Promise.all([migrateHubDatabase(first), migrateHubDatabase(second)]);

    expect(versions).toEqual([HUB_MIGRATIONS.length, HUB_MIGRATIONS.length]);
    const applied = await first.query<{ version: number }>('SELECT version FROM hub_schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(HUB_MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuse a database that a newer hub has migrated further', async () => {
    storage = await hubStorage(engine);
    const db = await open(storage);
    dbs.push(db);
    await migrateHubDatabase(db);
    await db.query('INSERT INTO hub_schema_migrations (version, applied_at) VALUES ($1, 0)', [HUB_MIGRATIONS.length + 1]);

    await expect(migrateHubDatabase(db)).rejects.toThrow(/newer than this hub/);
  });
});
