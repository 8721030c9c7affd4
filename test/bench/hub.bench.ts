// The Tillid Hub on real PostgreSQL (a throwaway cluster on 127.0.0.1, or TILLID_TEST_PG_URL), the hub in its own
// process (`tillid hub --connector demo`), this process measuring:
// - serving a bootstrap of N members (--members, default 1,000,000) page by page over HTTP: rows/s ≥ 150,000, beside
//   the limit of the same rows read by a plain keyset SELECT of their pre-rendered JSON on one connection;
// - the fleet (`hub/simulate`): 1,000 tills polling the change feed every 10 s, 50 receipts/s in all, while 10 tills
//   bootstrap min(N, 100,000) members: change-feed p99 ≤ 50 ms, 0 errors, every receipt in the ledger exactly once,
//   all 10 bootstraps complete (in a process of their own at the lowest priority: hub/simulate/bootstrapProcess.mjs);
// - the Voyado connector at its 50 requests/s ceiling (support/voyadoCeiling.ts): mirror fill and receipts per second.
// - `tillid hub import` of a generated 5,000,000-member export (N when --members is given) in ≤ 5 minutes while a
//   till pulls the change feed (support/hubImportFigures.ts).
import pg from 'pg';
import { BOOTSTRAP_PAGE_SIZE as TILL_BOOTSTRAP_PAGE_SIZE } from '../../sync/client/syncEngine';
import { SYNC_LIMITS, SYNC_PATHS } from '../../sync/protocol';
import { createTestDatabase } from '../support/postgres/testDatabase';
import type { TestDatabase } from '../support/postgres/testDatabase';
import type { BenchOptions } from './support/benchOptions';
import { withBenchPostgres } from './support/benchPostgres';
import { atLeast } from './support/figure';
import { startHubProcess } from './support/hubProcess';
import { voyadoCeilingFigures } from './support/voyadoCeiling';
import { fleetFigures } from './support/hubFleetFigures';
import { importFigures } from './support/hubImportFigures';

export const name = 'hub';

const BOOTSTRAP_TARGET_ROWS_PER_SECOND = 150_000;

async function enrolledToken(hub: { url: string; adminToken: string }): Promise<string> {
  const code = (await (await fetch(`${hub.url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { code: string };
  const enrolled = await fetch(`${hub.url}${SYNC_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, tillName: 'bench' }) });
  return ((await enrolled.json()) as { credentials: { token: string } }).credentials.token;
}

/** One whole bootstrap over HTTP at `pageSize` rows a page (the protocol's largest by default): rows and rows/s. */
async function timedBootstrap(hub: { url: string; adminToken: string }, pageSize: number = SYNC_LIMITS.bootstrapMaxLimit): Promise<{ rows: number; rowsPerSecond: number; ms: number }> {
  const token = await enrolledToken(hub);
  const started = performance.now();
  let after: string | null = null;
  let rows = 0;
  do {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (after !== null) query.set('after', after);
    const response = await fetch(`${hub.url}${SYNC_PATHS.bootstrap}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`bootstrap page: HTTP ${response.status}`);
    const page = (await response.json()) as { rows: unknown[]; nextPageToken: string | null };
    rows += page.rows.length;
    after = page.nextPageToken;
  } while (after !== null);
  const ms = performance.now() - started;
  return { rows, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)) };
}

/** The limit: the same rows, in the same pages, by a plain keyset SELECT on one connection. */
async function plainSelect(databaseUrl: string): Promise<{ rows: number; rowsPerSecond: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    let afterSeq = 0;
    let rows = 0;
    for (;;) {
      const page = await client.query<{ seq: string; row_json: string }>('SELECT seq, row_json FROM profiles WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, SYNC_LIMITS.bootstrapMaxLimit]);
      rows += page.rows.length;
      const last = page.rows.at(-1);
      if (!last || page.rows.length < SYNC_LIMITS.bootstrapMaxLimit) break;
      afterSeq = Number(last.seq);
    }
    return { rows, rowsPerSecond: Math.round(rows / ((performance.now() - started) / 1000)) };
  } finally {
    await client.end();
  }
}

async function bootstrapFigures(serverUrl: string, members: number): Promise<Record<string, unknown>> {
  const database: TestDatabase = await createTestDatabase(serverUrl);
  const hub = await startHubProcess(database.url, members);
  try {
    const served = await timedBootstrap(hub);
    const plain = await plainSelect(database.url);
    const atTillPages = await timedBootstrap(hub, TILL_BOOTSTRAP_PAGE_SIZE);
    return {
      members,
      importMs: hub.startMs,
      rowsPerSecond: { ...atLeast(served.rowsPerSecond, BOOTSTRAP_TARGET_ROWS_PER_SECOND, 'rows/s'), limitIs: 'the target, a fixed floor' },
      servedRows: served.rows,
      servedMs: served.ms,
      plainSelectRowsPerSecond: plain.rowsPerSecond,
      /** The hub's pace as a share of a plain SELECT of the same rows on one connection (HTTP and JSON on top). */
      shareOfPlainSelect: Math.round((served.rowsPerSecond / plain.rowsPerSecond) * 1000) / 1000,
      /** The same bootstrap in the pages the till asks for (2,000 rows, for its lookups' sake): ten times the requests, the same target. */
      atTillPageSize: {
        pageSize: TILL_BOOTSTRAP_PAGE_SIZE, rows: atTillPages.rows, ms: atTillPages.ms,
        rowsPerSecond: { ...atLeast(atTillPages.rowsPerSecond, BOOTSTRAP_TARGET_ROWS_PER_SECOND, 'rows/s'), limitIs: 'the target, a fixed floor' },
      },
    };
  } finally {
    await hub.stop();
    await database.drop();
  }
}

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const { postgres, result } = await withBenchPostgres(async (serverUrl) => ({
    voyado: await voyadoCeilingFigures(serverUrl),
    fleet: await fleetFigures(serverUrl, options.members),
    bootstrap: await bootstrapFigures(serverUrl, options.members),
    memberImport: await importFigures(serverUrl, options.membersGiven ? options.members : 5_000_000),
  }));
  return { postgres, voyado: result.voyado, bootstrap: result.bootstrap, fleet: result.fleet, import: result.memberImport };
}
