import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { createHub } from '../../hub';
import type { Hub, HubOptions } from '../../hub';
import { asDemoConnector, createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import type { DemoMember } from '../../hub/connectors/demo/demoMembers';
import { HUB_MIGRATIONS } from '../../hub/db/migrate';
import { openHubDatabase } from '../../hub/db/openHubDatabase';

/** A test hub's database, kept after `keep()` for a restart on it (`storage` in the options), dropped by `drop`. */
export interface TestHubStorage {
  options: Pick<HubOptions, 'databaseUrl' | 'dataDir'>;
  drop(): Promise<void>;
}

export type TestHubOptions = Partial<HubOptions> & {
  /** Reopen a database a stopped test hub kept (`keep()`); the new hub's `close` drops it. */
  storage?: TestHubStorage;
  /** Demo members of the demo connector (default 1,000), unless `connector` is given. */
  members?: number;
  /** Seed of the demo members (default 1). */
  seed?: number;
};

/** A hub with the demo connector, as the emulated CRM was: its demo members at hand, and `close` drops its database. */
export interface TestHub extends Hub {
  /** The demo population and its seed (0 and 1 when another connector was given); a reopened database keeps its own. */
  members: number;
  seed: number;
  /** Demo member `index` (0-based) of this hub's population: identifiers to type in a test. */
  demoMember(index: number): DemoMember;
  /** Stops the hub and keeps its database or PGlite folder, for a restart on it. */
  keep(): Promise<TestHubStorage>;
}

/**
 * The PostgreSQL server tests make their databases on: the run's throwaway cluster (globalSetup.ts puts its URL in
 * TILLID_TEST_PG_URL for the workers) or the server the caller named there. Empty: PGlite.
 */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.TILLID_TEST_PG_URL;
  return url === undefined || url === '' ? null : url;
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Named after the migrations it holds: a changed or added migration makes a new template, never a stale one. */
function templateName(): string {
  return `tillid_hub_tpl_${createHash('sha256').update(HUB_MIGRATIONS.join('\n--\n')).digest('hex').slice(0, 16)}`;
}

const DUPLICATE_DATABASE = '42P04';
const templates = new Map<string, Promise<string>>();

/**
 * A database holding the hub's migrated, empty schema, made once per server (and migrations): copying it is much
 * faster than migrating each test's database. Built under a scratch name and renamed when done, so a worker that
 * sees the name sees a finished template; two workers building at once keep the first and drop the other.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = templateName();
  const exists = await withAdminClient(serverUrl, async (client) =>
    (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const scratch = `tillid_hub_tpl_build_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${scratch}`));
  try {
    const db = await openHubDatabase({ databaseUrl: databaseUrl(serverUrl, scratch) });
    await db.close();
    await withAdminClient(serverUrl, (client) => client.query(`ALTER DATABASE ${scratch} RENAME TO ${name}`));
  } catch (error) {
    await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`));
    if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
  }
  return name;
}

/** A fresh database on the server, migrated (a copy of the template); `drop` removes it. */
async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  let template = templates.get(serverUrl);
  if (!template) {
    template = migratedTemplate(serverUrl);
    templates.set(serverUrl, template);
    template.catch(() => templates.delete(serverUrl));
  }
  const from = await template;
  const name = `tillid_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => withAdminClient(serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}

/** A fresh database of the run's PostgreSQL, or without one a PGlite folder of its own (so a restart can reopen it). */
async function freshStorage(serverUrl: string | null): Promise<TestHubStorage> {
  if (serverUrl !== null) {
    const fresh = await freshDatabase(serverUrl);
    return { options: { databaseUrl: fresh.url }, drop: fresh.drop };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-test-hub-'));
  return { options: { dataDir: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts a hub with the demo connector for a test, where the emulated CRM used to be started. On a fresh database of
 * the run's PostgreSQL (TILLID_TEST_PG_URL) when there is one, else on PGlite in a temporary folder; `databaseUrl` or `dataDir`
 * in the options win (a test that restarts a hub on its own data). Silent unless a logger is given.
 */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const { members, seed, storage, ...hubOptions } = options;
  const demo = createDemoConnector({ members: members ?? 1000, seed: seed ?? 1 });
  const serverUrl = testPostgresUrl();
  const ownsStorage = hubOptions.databaseUrl === undefined && hubOptions.dataDir === undefined;
  const fresh = ownsStorage && storage === undefined ? await freshStorage(serverUrl) : null;
  const database: TestHubStorage | null = storage ?? fresh;
  try {
    const hub = await createHub({
      logger: pino({ enabled: false }),
      connector: demo,
      ...(database ? database.options : {}),
      ...hubOptions,
    });
    // A reopened database keeps the demo population it was filled with.
    const population = asDemoConnector(hub.connector);
    return {
      ...hub,
      members: population?.members ?? 0,
      seed: population?.seed ?? 1,
      demoMember: (index) => (population ?? demo).member(index),
      close: async () => {
        await hub.close();
        await database?.drop();
      },
      keep: async () => {
        if (database === null) throw new Error('a test hub on a database the test named: the test keeps it itself');
        await hub.close();
        return database;
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}
