// `tillid hub import` of a generated contact export (default 5,000,000 members) into a hub's PostgreSQL database
// while the hub serves, in its own process, a till polling the change feed:
// - the import's time against the target of 5 minutes, beside the limit: a bare COPY of the same file into an
//   unindexed table of the same database, measured in the same run;
// - the till's change-feed requests during the import: p50/p99 and errors.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SYNC_PATHS } from '../../../sync/protocol';
import { createTestDatabase } from '../../support/postgres/testDatabase';
import { atMost } from './figure';
import { startHubProcess } from './hubProcess';
import type { HubProcess } from './hubProcess';
import { EXPORT_COLUMNS, writeMemberExport } from './memberExportFile';
import { percentiles } from './stats';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const TARGET_MS = 5 * 60_000;
/** The till's own page size for changes (sync/client/syncEngine.ts) and its pause between pulls here. */
const TILL = { pageSize: 2_000, pauseMs: 1_000 };

/** The limit: the same file into an unindexed table by one COPY (PostgreSQL parses the CSV itself). */
async function bareCopy(databaseUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bare_copy (${EXPORT_COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)')));
    const ms = performance.now() - started;
    await client.query('DROP TABLE bare_copy');
    return Math.round(ms);
  } finally {
    await client.end();
  }
}

/** `tillid hub import FILE` in a process of its own; answers its summary and the wall time. */
async function runImport(databaseUrl: string, file: string): Promise<{ ms: number; exitCode: number | null; summary: Record<string, unknown> | null; stderrTail: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tillid.mjs'), 'hub', 'import', file], {
    cwd: root, env: { ...process.env, TILLID_HUB_DATABASE_URL: databaseUrl, TILLID_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let summary: Record<string, unknown> | null = null;
  try {
    summary = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    summary = null;
  }
  return { ms: Math.round(performance.now() - started), exitCode, summary, stderrTail: stderr.split('\n').slice(-4).join('\n') };
}

async function enrolledToken(hub: HubProcess): Promise<string> {
  const code = (await (await fetch(`${hub.url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' }, body: '{}' })).json()) as { code: string };
  const enrolled = await fetch(`${hub.url}${SYNC_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, tillName: 'import-bench' }) });
  return ((await enrolled.json()) as { credentials: { token: string } }).credentials.token;
}

/**
 * A till that pulls the change feed the way the till's sync engine does (pages of 2,000 while `hasMore`), a second
 * between pulls, until stopped. A `410 cursor_expired` (the import ran further past it than the log keeps) is what
 * makes a real till bootstrap again: counted apart, and the cursor taken from a fresh bootstrap page.
 */
function pollChanges(hub: HubProcess, token: string): { stop(): Promise<{ requests: number; changes: number; errors: number; cursorExpired: number; latencyMs: ReturnType<typeof percentiles> }> } {
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let errors = 0;
  let cursorExpired = 0;
  let changes = 0;
  let stopped = false;
  const headCursor = async (): Promise<string> => {
    const page = (await (await fetch(`${hub.url}${SYNC_PATHS.bootstrap}?limit=1`, { headers })).json()) as { cursor: string };
    return page.cursor;
  };
  const loop = (async () => {
    let cursor = await headCursor();
    while (!stopped) {
      let hasMore = true;
      while (hasMore && !stopped) {
        const started = performance.now();
        try {
          const response = await fetch(`${hub.url}${SYNC_PATHS.changes}?cursor=${encodeURIComponent(cursor)}&limit=${TILL.pageSize}`, { headers });
          const body = await response.text();
          latencies.push(performance.now() - started);
          if (response.status === 410) {
            cursorExpired++;
            cursor = await headCursor();
            break;
          }
          if (!response.ok) {
            errors++;
            break;
          }
          const page = JSON.parse(body) as { changes: unknown[]; cursor: string; hasMore: boolean };
          changes += page.changes.length;
          cursor = page.cursor;
          hasMore = page.hasMore;
        } catch {
          latencies.push(performance.now() - started);
          errors++;
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, TILL.pauseMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { requests: latencies.length, changes, errors, cursorExpired, latencyMs: percentiles(latencies) };
    },
  };
}

export async function importFigures(serverUrl: string, members: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-import-bench-'));
  const database = await createTestDatabase(serverUrl);
  let hub: HubProcess | undefined;
  try {
    const file = path.join(dir, 'contacts.csv');
    const generated = await writeMemberExport(file, members);
    const bareCopyMs = await bareCopy(database.url, file);
    hub = await startHubProcess(database.url, 1_000);
    const till = pollChanges(hub, await enrolledToken(hub));
    const imported = await runImport(database.url, file);
    const polled = await till.stop();
    const ok = imported.exitCode === 0;
    return {
      members,
      file: { bytes: generated.bytes, generateMs: generated.ms },
      importMs: { ...atMost(ok ? imported.ms : Number.POSITIVE_INFINITY, TARGET_MS, 'ms'), limitIs: 'the target, a fixed ceiling' },
      rowsPerSecond: Math.round(members / (imported.ms / 1000)),
      bareCopyMs,
      /** The import's time as a multiple of a bare COPY of the same file into an unindexed table, in this run. */
      ratioToBareCopy: Math.round((imported.ms / bareCopyMs) * 100) / 100,
      importExitCode: imported.exitCode,
      importSummary: imported.summary,
      ...(ok ? {} : { importStderr: imported.stderrTail }),
      tillDuringImport: {
        ...polled,
        errors: atMost(polled.errors, 0, 'errors'),
        // A till the import pushed out of the change log's window would have to copy every member again: not serving deltas.
        cursorExpired: { ...atMost(polled.cursorExpired, 0, 'answers'), note: '410 cursor_expired answers: the till fell out of the change log and must bootstrap again' },
      },
    };
  } finally {
    await hub?.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
