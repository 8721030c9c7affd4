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

  it('0017 keeps every identifier a profile\'s row lists, drops one it does not, and leaves the keys in byte order', async () => {
    storage = await hubStorage(engine);
    const db = await open(storage);
    dbs.push(db);
    // A database at version 16, as the hub before this migration left it.
    await db.exec('CREATE TABLE hub_schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)');
    for (let version = 1; version <= 16; version++) {
      await db.exec(HUB_MIGRATIONS[version - 1] as string);
      await db.query('INSERT INTO hub_schema_migrations (version, applied_at) VALUES ($1, 0)', [version]);
    }
    await db.query(
      `INSERT INTO profiles (profile_id, last_name, created_at, row_json) VALUES
       ('p-1', NULL, 0, '["p-1",null,null,null,0,null,"active",[["phone","+46701234567"],["email","a@example.se"]]]')`,
    );
    await db.query(
      `INSERT INTO identifiers (kind, value, profile_id) VALUES
       ('phone', '+46701234567', 'p-1'), ('email', 'a@example.se', 'p-1'), ('card', '0401234567893', 'p-1'), ('phone', '+46709999999', 'p-gone')`,
    );

    expect(await migrateHubDatabase(db)).toBe(HUB_MIGRATIONS.length);

    const left = await db.query<{ kind: string; value: string }>("SELECT kind, value FROM identifiers ORDER BY kind");
    expect(left).toEqual([{ kind: 'email', value: 'a@example.se' }, { kind: 'phone', value: '+46701234567' }]);
    const collations = await db.query<{ column_name: string; collation_name: string | null }>(
      "SELECT column_name, collation_name FROM information_schema.columns WHERE table_name = 'identifiers' ORDER BY column_name",
    );
    expect(collations).toEqual(['kind', 'profile_id', 'value'].map((column_name) => ({ column_name, collation_name: 'C' })));
    expect(await db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'identifiers'")).toEqual([{ indexname: 'identifiers_pkey' }]);
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
