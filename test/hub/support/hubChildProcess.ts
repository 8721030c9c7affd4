import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * `tillid hub --connector demo --members 200` as its own process (the built command or the sources, as a user runs
 * it), resolved once it is listening, with the address its banner gave. `args` name the port (`--port 0`: the hub
 * picks one) and the database (`--database URL` or `--data DIR`).
 */
export async function startDemoHubProcess(adminToken: string, args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', '--admin-token', adminToken, '--connector', 'demo', '--members', '200', ...args], { cwd: root });
  const banner = await printedUntil(child, 'Stop with Ctrl+C', 'tillid hub');
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
  if (url === undefined) throw new Error(`tillid hub did not say where it listens:\n${banner}`);
  return { child, url };
}

/** A port free on 127.0.0.1 now, for a hub process that must come back on the same one after a kill. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Resolves with `child` once its stdout or stderr has printed `marker`; rejects when it exits first or after 50 s. */
export async function whenPrinted(child: ChildProcessWithoutNullStreams, marker: string, name: string): Promise<ChildProcessWithoutNullStreams> {
  await printedUntil(child, marker, name);
  return child;
}

/** What `child` printed (stdout and stderr) up to and with `marker`; killed and rejected after 50 s, rejected when it exits first. */
function printedUntil(child: ChildProcessWithoutNullStreams, marker: string, name: string): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (holding a port and database connections) behind a test that gave up on it.
      child.kill('SIGKILL');
      reject(new Error(`no banner within 50 s:\n${out}`));
    }, 50_000);
    const collect = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
}

/** SIGKILL, and wait until the process is gone (at once when it already is). */
export function killNine(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
