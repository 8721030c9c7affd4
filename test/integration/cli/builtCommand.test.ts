import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` and the packaged app run what scripts/build.mjs makes. esbuild and tsx are devDependencies: the built
// command must run, and serve the cashier screen, with neither loadable (test/support/forbidDevPackages.mjs).
const root = path.resolve(import.meta.dirname, '../../..');
const forbid = ['--import', path.join(root, 'test/support/forbidDevPackages.mjs')];
let dataDir: string;
let till: ChildProcessWithoutNullStreams | undefined;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-built-'));
}, 120_000);

afterAll(async () => {
  if (till && till.exitCode === null) {
    const exited = new Promise((resolve) => till!.once('exit', resolve));
    till.kill('SIGTERM');
    const timer = setTimeout(() => till!.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the built command (dist/)', () => {
  it('bin/tillid.mjs runs the fresh bundle, without tsx', () => {
    const help = execFileSync(process.execPath, [...forbid, path.join(root, 'bin/tillid.mjs'), '--help'], { cwd: root, encoding: 'utf8' });
    expect(help).toMatch(/Usage: tillid/);
  });

  it('serves the renderer built at build time, without esbuild', async () => {
    till = spawn(process.execPath, [...forbid, path.join(root, 'dist/cli/tillid.mjs'), 'start', '--demo', '--browser', '--port', '0', '--members', '20', '--data', dataDir], { cwd: root });
    let banner = '';
    till.stdout.on('data', (chunk: Buffer) => (banner += chunk.toString()));
    till.stderr.on('data', (chunk: Buffer) => (banner += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!banner.includes('Stop with Ctrl+C')) {
      if (till.exitCode !== null || Date.now() > deadline) throw new Error(`the till did not start:\n${banner}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /Cashier screen:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(banner)![1]!;
    const [page, script] = await Promise.all([fetch(`${url}/`), fetch(`${url}/app.js`)]);
    expect(page.status).toBe(200);
    expect(script.status).toBe(200);
    expect(Buffer.from(await script.arrayBuffer()).equals(readFileSync(path.join(root, 'dist/renderer/app.js')))).toBe(true);
    expect(banner).not.toMatch(/devDependency was loaded|renderer bundle failed/);
  });
});
