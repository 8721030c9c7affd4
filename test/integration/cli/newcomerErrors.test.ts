import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/runCli';

// The errors a newcomer meets first, as the `tillid` command prints them: each names what is wrong and what to do,
// in one line, without a stack trace (nor pino's "sonic boom is not ready yet" from flushing logs on the way out).
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tillid-newcomer-'));
  chmodSync(tmp, 0o755);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectOneClearLine(stderr: string): void {
  expect(stderr).not.toMatch(/sonic boom/i);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split('\n')).toHaveLength(1);
}

describe('tillid start refuses with an error a newcomer can act on', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('a busy port: another till may be running, and --port', async () => {
    const port = (busy.address() as { port: number }).port;
    const run = runCli(['start', '--data', path.join(tmp, 'busy'), '--port', String(port), '--browser']);
    expect(await run.exited(60_000)).toBe(1);
    expect(run.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use: another till may be running`);
    expect(run.stderr()).toMatch(/--port \d+ \(or --port 0 for any free one\)/);
    expectOneClearLine(run.stderr());
  });

  it('a cache.db that is not a database: names the file and the way out', async () => {
    const dir = path.join(tmp, 'notadb');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'cache.db'), 'this is a shopping list, not a database\n'.repeat(200));
    const run = runCli(['start', '--data', dir, '--port', '0', '--browser']);
    expect(await run.exited(60_000)).toBe(1);
    expect(run.stderr()).toContain(`${path.join(dir, 'cache.db')} is not a SQLite database`);
    expect(run.stderr()).toMatch(/restore cache\.db from a backup, or move it aside .* --accept-empty-cache/);
    expectOneClearLine(run.stderr());
  });

  it('a data directory the user may not create: names the path and the user', async () => {
    const locked = path.join(tmp, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const data = path.join(locked, 'data');
    // Root may write anywhere, so as root the command runs as nobody (util-linux setpriv); else as this user.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'setpriv' : process.execPath;
    const tillid = path.join(ROOT, 'bin/tillid.mjs');
    const args = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, tillid] : [tillid];
    const user = asRoot ? 'uid 65534' : `uid ${os.userInfo().uid}`;
    if (!asRoot) chmodSync(locked, 0o500);
    const child = spawn(command, [...args, 'start', '--data', data, '--port', '0', '--browser'], { cwd: ROOT, env: { ...process.env, HOME: tmp } });
    child.stdin.end();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Permission denied: user`);
    expect(stderr).toContain(user);
    expect(stderr).toContain(data);
    expectOneClearLine(stderr);
  });
});

describe('tillid sync status', () => {
  it('without --data and no till ever started: says so, and leaves no ~/.tillid behind', async () => {
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    const run = runCli(['sync', 'status'], { HOME: home });
    expect(await run.exited(60_000)).toBe(1);
    expect(run.stderr()).toContain(`No till has started in ${path.join(home, '.tillid')} yet`);
    expect(existsSync(path.join(home, '.tillid'))).toBe(false);
    expectOneClearLine(run.stderr());
  });
});
