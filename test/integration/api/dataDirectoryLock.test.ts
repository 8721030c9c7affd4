import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startTill } from '../../../main/compose/startTill';
import { startTillProcess, type TillProcess } from './fixtures/startTillProcess';

// One till per data directory: a second one would run a second sync engine on the same outbox.
const dirs: string[] = [];
const children: TillProcess[] = [];
afterAll(async () => {
  for (const child of children) await child.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const logger = pino({ level: 'silent' });

describe('the data directory lock', () => {
  it('refuses a second till, naming the process that holds the directory; a kill -9 leaves no lock behind', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-lock-'));
    dirs.push(dataDir);
    const first = await startTillProcess(dataDir);
    children.push(first);

    await expect(startTill({ dataDir, logger, port: 0 })).rejects.toThrow(`another till (process ${first.pid}) is using the data directory ${dataDir}`);
    // The first till is untouched by the refused one.
    expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200);

    await first.kill();
    const restarted = await startTill({ dataDir, logger, port: 0 });
    try {
      expect((await fetch(`${restarted.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await restarted.close();
    }
    // Closed cleanly, the directory is free again at once.
    const again = await startTill({ dataDir, logger, port: 0 });
    await again.close();
  }, 60_000);
});
