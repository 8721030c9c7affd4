import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_HUB_FOLDER } from '../../../main/compose/demoHub';
import { runTill, type RunningTillProcess } from '../../../main/compose/runTill';
import { readTillEnrolment } from '../../../sync/client';

// `tillid start --demo --data D`, stopped and started again on the same D: the second run's hub must be
// the one the till syncs with, or the demo stays offline for good.
const dirs: string[] = [];
const running: RunningTillProcess[] = [];
afterEach(async () => {
  for (const till of running.splice(0)) await till.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function startDemo(dataDir: string): Promise<RunningTillProcess> {
  const till = await runTill({
    demo: true,
    dataDir,
    port: 0,
    members: 30,
    scanners: [],
    crmUrl: undefined,
    enrolCode: undefined,
    logger: () => pino({ enabled: false }),
    print: () => undefined,
    readStdin: false,
  });
  running.push(till);
  return till;
}

async function stop(till: RunningTillProcess): Promise<void> {
  await till.stop();
  running.splice(running.indexOf(till), 1);
}

async function health(till: RunningTillProcess): Promise<{ online: boolean; profiles: number }> {
  return (await (await fetch(`${till.running.url}/api/v1/health`)).json()) as { online: boolean; profiles: number };
}

describe('a restarted demo', () => {
  it('syncs again: its hub comes back where the till was enrolled', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-demo-restart-'));
    dirs.push(dataDir);
    const first = await startDemo(dataDir);
    expect(await health(first)).toMatchObject({ online: true, profiles: 30 });
    await stop(first);

    const second = await startDemo(dataDir);
    expect(second.demoHub?.url).toBe((await readTillEnrolment(dataDir))?.crmUrl);
    expect(await health(second)).toMatchObject({ online: true, profiles: 30 });
  }, 240_000);

  it('syncs again when its old port was taken meanwhile', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-demo-restart-'));
    dirs.push(dataDir);
    const first = await startDemo(dataDir);
    const oldPort = first.demoHub!.port;
    await stop(first);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(oldPort, '127.0.0.1', resolve));
    try {
      const second = await startDemo(dataDir);
      expect(second.demoHub?.port).not.toBe(oldPort);
      expect((await readTillEnrolment(dataDir))?.crmUrl).toBe(second.demoHub?.url);
      expect(await health(second)).toMatchObject({ online: true, profiles: 30 });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 240_000);

  it('syncs again when its hub lost its database: the till is enrolled anew', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-demo-restart-'));
    dirs.push(dataDir);
    const first = await startDemo(dataDir);
    const firstDevice = (await readTillEnrolment(dataDir))?.deviceId;
    await stop(first);
    await rm(path.join(dataDir, DEMO_HUB_FOLDER), { recursive: true, force: true });

    const second = await startDemo(dataDir);
    expect((await readTillEnrolment(dataDir))?.deviceId).not.toBe(firstDevice);
    expect(await health(second)).toMatchObject({ online: true, profiles: 30 });
  }, 240_000);
});
