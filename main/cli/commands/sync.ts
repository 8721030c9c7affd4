import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openMemberCache, resolveDataDirectory } from '../../../sync/cache';
import { SyncStatusSchema, createSyncEngine, readTillEnrolment } from '../../../sync/client';
import type { BootstrapProgress, SyncStatus, TillEnrolment } from '../../../sync/client';
import { createLogger } from '../../log';
import { readApiToken } from '../../till/apiToken';

/** The POS API's default port, used when the data directory does not say which one its till listens on. */
const DEFAULT_API_PORT = 7420;

/** A till running on a data directory, reached through its POS API (GET/POST /api/v1/sync). */
export interface RunningTillApi {
  baseUrl: string;
  status(): Promise<SyncStatus>;
  /** Runs a cycle in the till; rejects after `timeoutMs` (the cycle goes on in the till). */
  syncNow(timeoutMs?: number): Promise<SyncStatus>;
}

/**
 * The POS API of the till running on `dataDir`, or null when none answers with this directory's token
 * (a till on the port with another data directory answers 401: not ours).
 */
export async function findRunningTill(dataDir: string): Promise<RunningTillApi | null> {
  const token = readApiToken(dataDir);
  if (token === null) return null;
  const baseUrl = `http://127.0.0.1:${readApiPort(dataDir)}`;
  const call = async (method: 'GET' | 'POST', timeoutMs: number): Promise<SyncStatus> => {
    const response = await fetch(`${baseUrl}/api/v1/sync`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`the till answered ${response.status}`);
    return SyncStatusSchema.parse(await response.json());
  };
  try {
    await call('GET', 1_500);
  } catch {
    return null;
  }
  return { baseUrl, status: () => call('GET', 5_000), syncNow: (timeoutMs = 30 * 60_000) => call('POST', timeoutMs) };
}

function readApiPort(dataDir: string): number {
  try {
    const port = Number(readFileSync(path.join(dataDir, 'api.port'), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65_536 ? port : DEFAULT_API_PORT;
  } catch {
    return DEFAULT_API_PORT;
  }
}

/** `[██████░░░░]  62%  620,000 / 1,000,000 members  61,000/s` */
export function renderBootstrapProgress(progress: Pick<BootstrapProgress, 'done' | 'total' | 'rate'>, width = 30): string {
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = progress.rate > 0 ? `  ${progress.rate.toLocaleString('en')}/s` : '';
  return `[${bar}] ${percent}  ${progress.done.toLocaleString('en')} / ${progress.total.toLocaleString('en')} members${rate}`;
}

/** Draws bootstrap progress on one terminal line (or a line per 10% when the output is not a terminal). */
function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { show(progress: BootstrapProgress): void; end(): void } {
  let drawn = false;
  let lastDecile = -1;
  return {
    show(progress) {
      if (progress.state !== 'running' || progress.total === 0) return;
      const line = renderBootstrapProgress(progress);
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
        return;
      }
      const decile = Math.floor((progress.done / progress.total) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${line}\n`);
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function ago(at: number | null, now: number): string {
  if (at === null) return 'never';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3_600)} h ago`;
}

/** The status as a few lines a store manager can read. */
export function describeSyncStatus(status: SyncStatus, enrolment: TillEnrolment | null, running: boolean, now = Date.now()): string {
  const lines: string[] = [];
  if (!status.enrolled || enrolment === null) {
    lines.push('Not enrolled: run `tillid enrol --crm URL --code CODE`.');
  } else {
    const state = running ? (status.online ? 'online' : status.connectivity === 'unknown' ? 'connecting' : 'offline') : 'till not running';
    lines.push(`CRM: ${enrolment.crmUrl}  store ${enrolment.storeName || enrolment.storeId}  till "${enrolment.tillName}" (${enrolment.deviceId})  ${state}`);
  }
  lines.push(`Last pull: ${ago(status.lastPullAt, now)}   last push: ${ago(status.lastPushAt, now)}`);
  lines.push(`Outbox: ${status.pendingItems.toLocaleString('en')} waiting, ${status.deadLetters.toLocaleString('en')} dead letter${status.deadLetters === 1 ? '' : 's'}`);
  const bootstrap =
    status.bootstrap.state === 'running'
      ? `copying members: ${renderBootstrapProgress(status.bootstrap)}`
      : status.bootstrap.state === 'none'
        ? 'no copy of the members yet'
        : 'following the CRM';
  lines.push(`Cache: ${status.cacheProfiles.toLocaleString('en')} members, ${bootstrap}`);
  if (status.lastError) lines.push(`Last error: ${status.lastError.message} (${status.lastError.kind}, ${ago(status.lastError.at, now)})`);
  return lines.join('\n');
}

interface SyncFlags {
  data?: string;
  json?: boolean;
}

function print(status: SyncStatus, enrolment: TillEnrolment | null, running: boolean, json: boolean | undefined): void {
  process.stdout.write(json ? `${JSON.stringify(status, null, 2)}\n` : `${describeSyncStatus(status, enrolment, running)}\n`);
}

/** Opens the data directory's cache and an engine on it for one command, then closes both. */
async function withDirectEngine<T>(dataDir: string, use: (engine: ReturnType<typeof createSyncEngine>) => Promise<T>): Promise<T> {
  const logger = createLogger({ level: process.env.TILLID_LOG_LEVEL ?? 'warn' });
  const cache = openMemberCache(dataDir, { logger });
  const engine = createSyncEngine({ db: cache.db, dataDir, logger, hasherKey: cache.hashKey });
  try {
    return await use(engine);
  } finally {
    await engine.stop();
    cache.close();
  }
}

async function readEnrolmentOrNull(dataDir: string): Promise<TillEnrolment | null> {
  try {
    return await readTillEnrolment(dataDir);
  } catch {
    return null;
  }
}

/** `tillid sync status` and `tillid sync now`: through the running till's POS API when there is one, else directly. */
export function registerSyncCommand(program: Command): void {
  const sync = program.command('sync').description('sync with the CRM: see where it stands, or run it now');

  sync
    .command('status')
    .description('online state, last pull and push, outbox, dead letters, cache size')
    .option('--data <dir>', 'data directory (default ~/.tillid)')
    .option('--json', 'print the status as JSON')
    .action(async (flags: SyncFlags) => {
      const dataDir = resolveDataDirectory(flags.data);
      // Opening the cache would create the directory and a cache: a status must never leave a till behind.
      if (!existsSync(path.join(dataDir, 'cache.db'))) {
        console.error(`No till has started in ${dataDir} yet: run \`tillid start --data ${dataDir}\` once, or pass --data DIR.`);
        process.exitCode = 1;
        return;
      }
      const enrolment = await readEnrolmentOrNull(dataDir);
      const running = await findRunningTill(dataDir);
      const status = running ? await running.status() : await withDirectEngine(dataDir, async (engine) => engine.status());
      print(status, enrolment, running !== null, flags.json);
    });

  sync
    .command('now')
    .description('push the outbox and pull changes now (copies every member first if the cache is empty)')
    .option('--data <dir>', 'data directory (default ~/.tillid)')
    .option('--json', 'print the status as JSON')
    .action(async (flags: SyncFlags) => {
      const dataDir = resolveDataDirectory(flags.data);
      const enrolment = await readEnrolmentOrNull(dataDir);
      if (enrolment === null) {
        console.error(`This till is not enrolled (no enrolment in ${dataDir}): run \`tillid enrol --crm URL --code CODE --data ${dataDir}\`.`);
        process.exitCode = 1;
        return;
      }
      const printer = progressPrinter();
      const running = await findRunningTill(dataDir);
      let status: SyncStatus;
      if (running) {
        // The POST answers when the cycle is over; meanwhile the GET shows the copy's progress.
        const polling = setInterval(() => {
          running.status().then((s) => printer.show(s.bootstrap), () => undefined);
        }, 500);
        try {
          status = await running.syncNow();
        } finally {
          clearInterval(polling);
        }
      } else {
        status = await withDirectEngine(dataDir, async (engine) => {
          engine.on('progress', (progress) => printer.show(progress));
          return engine.syncNow();
        });
      }
      printer.end();
      print(status, enrolment, running !== null, flags.json);
      if (status.lastError) process.exitCode = 1;
    });
}
