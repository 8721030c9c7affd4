import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEnrolCommand } from '../../../main/cli/commands/enrol';
import { registerSyncCommand } from '../../../main/cli/commands/sync';
import { loadOrCreateApiToken } from '../../../main/till/apiToken';
import { SyncStatusSchema } from '../../../sync/client/syncStatus';
import type { SyncStatus } from '../../../sync/client/syncStatus';
import type { CrmUnderTest } from './support/syncHarness';
import { startCrm } from './support/syncHarness';

let under: CrmUnderTest;
let dataDir: string;

beforeAll(async () => {
  under = await startCrm({ members: 300 });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-cli-'));
});
afterAll(async () => {
  await under?.close();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `tillid <args>` in-process and returns what it printed. */
async function tillid(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command().exitOverride();
  registerEnrolCommand(program);
  registerSyncCommand(program);
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'tillid', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

describe('tillid enrol / sync, with no till running', () => {
  it('sync now before enrolment says how to enrol', async () => {
    const { stderr, exitCode } = await tillid('sync', 'now', '--data', dataDir);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/not enrolled.*tillid enrol --crm URL --code CODE/);
  });

  it('enrol refuses a wrong code without echoing it (through the old spelling `enroll`, kept as an alias)', async () => {
    const { stderr, exitCode } = await tillid('enroll', '--crm', under.crm.url, '--code', 'WXYZ-0000', '--data', dataDir);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/Enrolment failed: the CRM does not know this code/);
    expect(stderr).not.toContain('WXYZ');
  });

  it('enrol, then sync now copies the members with a progress bar, then status tells', async () => {
    const code = await under.admin.enrolmentCode();
    const enrolled = await tillid('enrol', '--crm', under.crm.url, '--code', code, '--data', dataDir, '--name', 'Kassa 3');
    expect(enrolled.exitCode).toBe(0);
    expect(enrolled.stdout).toMatch(/^Enrolled "Kassa 3" with Demo store \(store store-1\) as device \S+\.\n/);
    expect(enrolled.stdout).not.toContain(code);

    const synced = await tillid('sync', 'now', '--data', dataDir);
    expect(synced.exitCode).toBe(0);
    expect(synced.stderr).toMatch(/\[█+\] 100% {2}300 \/ 300 members/);
    expect(synced.stdout).toMatch(/till not running[\s\S]*Cache: 300 members, following the CRM/);

    const status = await tillid('sync', 'status', '--data', dataDir, '--json');
    expect(SyncStatusSchema.parse(JSON.parse(status.stdout))).toMatchObject({ enrolled: true, cacheProfiles: 300, pendingItems: 0 });
  });
});

describe('tillid sync, with a till running on the data directory', () => {
  it('talks to the till’s POS API with the directory’s token instead of opening the cache', async () => {
    const token = loadOrCreateApiToken(dataDir);
    const calls: string[] = [];
    const status: SyncStatus = {
      enrolled: true, online: true, connectivity: 'online', lastPullAt: Date.now(), lastPushAt: null, lastError: null, memberListComplete: true,
      pendingItems: 4, deadLetters: 0, cacheProfiles: 300, cursorAgeMs: 0, nextSyncAt: null,
      bootstrap: { state: 'done', done: 300, total: 300, rate: 0 },
    };
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401).end();
        return;
      }
      calls.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await writeFile(path.join(dataDir, 'api.port'), String((server.address() as AddressInfo).port));
    try {
      const now = await tillid('sync', 'now', '--data', dataDir);
      expect(now.stdout).toMatch(/online[\s\S]*Outbox: 4 waiting/);
      expect(calls).toContain('POST /api/v1/sync');
      const shown = await tillid('sync', 'status', '--data', dataDir, '--json');
      expect(JSON.parse(shown.stdout)).toEqual(status);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(path.join(dataDir, 'api.port'), { force: true });
    }
  });
});
