import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { AdminStatsSchema } from '../../hub/routes/adminAnswerSchemas';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN_TOKEN = 'admin-token-for-the-crm-emulator-test';

/** Starts `tillid crm-emulator` and waits for its banner, which ends with the demo members to try. */
function startCrmEmulator(args: string[], lastLine: RegExp): Promise<{ child: ChildProcessWithoutNullStreams; banner: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'crm-emulator', '--port', '0', ...args], { cwd: root });
  let banner = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 100 s:\n${banner}`)), 100_000);
    child.stdout.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (lastLine.test(banner)) {
        clearTimeout(timer);
        resolve({ child, banner });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tillid crm-emulator exited with ${code}:\n${banner}`));
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Two child processes on PGlite each: slow on a loaded machine, so more time than the project's default.
describe('tillid crm-emulator: the hub with the demo connector, with the emulated CRM’s flags and banner', { timeout: 240_000 }, () => {
  let dir: string | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(async () => {
    if (child) await stop(child);
    child = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('prints where it listens, the admin token, a code that enrols a till and members to try; --retention sets the window', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-crm-emulator-'));
    const started = await startCrmEmulator(['--data', dir, '--members', '20', '--seed', '4', '--admin-token', ADMIN_TOKEN, '--retention', '50'], /^ {2}P00000003 .*$/m);
    child = started.child;
    // Log lines (JSON) may come before and between; the banner's own lines follow each other.
    const lines = started.banner.split('\n').filter((line) => !line.startsWith('{'));
    const url = /^CRM emulator listening on (http:\/\/127\.0\.0\.1:\d+) {2}\(20 demo members, seed 4\)$/.exec(lines[0] ?? '')?.[1];
    expect(url).toBeDefined();
    expect(lines[1]).toBe(`admin token: ${ADMIN_TOKEN}`);
    const code = new RegExp(`^enrol a till: tillid enrol --crm ${url} --code (\\S+)$`).exec(lines[2] ?? '')?.[1];
    expect(code).toBeDefined();
    expect(lines[3]).toBe('demo members to try:');
    const first = createDemoConnector({ members: 20, seed: 4 }).member(0);
    expect(lines[4]).toBe(`  ${first.profileId} ${first.firstName} ${first.lastName}: ${first.phoneLocal}, ${first.email}, card ${first.cardNumber}, member ${first.memberNumber}`);

    const enrol = await fetch(`${url}/sync/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, tillName: 'Kassa 9' }) });
    expect(enrol.status).toBe(201);
    const stats = AdminStatsSchema.parse(await (await fetch(`${url}/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json());
    expect(stats).toMatchObject({ profiles: 20, devices: 1, feed: { retention: 50 } });
  });

  it('reopens its data directory with the members it was filled with, whatever --members and --seed say', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-crm-emulator-'));
    const first = await startCrmEmulator(['--data', dir, '--members', '5', '--seed', '2'], /^ {2}P00000003 .*$/m);
    child = first.child;
    await stop(child);
    // The old emulator's SQLite in the same folder is left alone, and said so.
    await writeFile(path.join(dir, 'crm-emulator.sqlite'), 'not read');
    const again = await startCrmEmulator(['--data', dir, '--members', '50', '--seed', '9'], /^ {2}P00000003 .*$/m);
    child = again.child;
    expect(again.banner).toContain('crm-emulator.sqlite is the old emulated CRM');
    expect(again.banner).toMatch(/\(5 demo members, seed 2\)/);
    // No --admin-token: the one made at the first start is kept in the folder, so scripts and the fleet page go on.
    const tokenOf = (banner: string): string | undefined => /^admin token: (adm_\S+)/m.exec(banner)?.[1];
    expect(tokenOf(first.banner)).toBeDefined();
    expect(tokenOf(again.banner)).toBe(tokenOf(first.banner));
  });
});

it('tillid crm-emulator refuses a --members out of range', async () => {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'crm-emulator', '--members', '10000001'], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).not.toBe(0);
  expect(stderr).toContain('--members must be an integer from 0 to 10000000');
});
