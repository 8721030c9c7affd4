import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, testPostgresUrl } from '../../support/testHub';
import type { TestHub } from '../../support/testHub';

const started: TestHub[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((hub) => hub.close()));
});

async function databaseNames(serverUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

async function profileCount(hub: TestHub): Promise<number> {
  const [row] = await hub.parts.db.query<{ n: number }>('SELECT count(*)::int AS n FROM profiles');
  return row?.n ?? -1;
}

describe('startTestHub', () => {
  it('gets the run’s PostgreSQL cluster from globalSetup', () => {
    expect(testPostgresUrl()).not.toBeNull();
  });

  it('starts hubs with the demo connector, each on its own fresh database of the cluster, dropped at close', async () => {
    const serverUrl = testPostgresUrl() as string;
    const [a, b] = await Promise.all([startTestHub({ members: 40, seed: 7 }), startTestHub({ members: 3 })]);
    started.push(a, b);
    expect(a.parts.db.engine).toBe('postgres');
    expect([await profileCount(a), await profileCount(b)]).toEqual([40, 3]);
    expect(a.members).toBe(40);
    expect(a.seed).toBe(7);
    const member = a.demoMember(5);
    const lookup = await fetch(`${a.url}/admin/profiles/${member.profileId}`, { headers: { authorization: `Bearer ${a.adminToken}` } });
    expect(lookup.status).toBe(200);
    expect(a.epoch).not.toBe(b.epoch);

    const [name] = await a.parts.db.query<{ name: string }>('SELECT current_database() AS name');
    expect(await databaseNames(serverUrl)).toContain(name?.name);
    await a.close();
    expect(await databaseNames(serverUrl)).not.toContain(name?.name);
  });

  it('runs on PGlite in a folder of its own without a PostgreSQL URL, and removes the folder on close', async () => {
    const saved = process.env.TILLID_TEST_PG_URL;
    delete process.env.TILLID_TEST_PG_URL;
    try {
      const hub = await startTestHub({ members: 2 });
      expect(hub.parts.db.engine).toBe('pglite');
      expect(await profileCount(hub)).toBe(2);
      const storage = await hub.keep();
      const folder = storage.options.dataDir ?? 'no folder';
      expect(existsSync(folder)).toBe(true);
      const again = await startTestHub({ storage });
      expect(await profileCount(again)).toBe(2);
      await again.close();
      expect(existsSync(folder)).toBe(false);
    } finally {
      process.env.TILLID_TEST_PG_URL = saved;
    }
  });
});
