import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * `tillid hub --connector demo --members 200` as its own process (the built command or the sources, as a user runs
 * it), resolved once it is listening. `args` name the port and the database (`--database URL` or `--data DIR`).
 */
export function startDemoHubProcess(adminToken: string, args: string[]): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', '--admin-token', adminToken, '--connector', 'demo', '--members', '200', ...args], { cwd: root });
  return whenPrinted(child, 'Stop with Ctrl+C', 'tillid hub');
}

/** `startDemoHubProcess` on a port the hub picks (`--port 0`, no race for a port picked beforehand), and its address. */
export async function startDemoHubOnAnyPort(adminToken: string, args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', '--admin-token', adminToken, '--connector', 'demo', '--members', '200', '--port', '0', ...args], { cwd: root });
  const url = listeningUrl(child);
  url.catch(() => undefined);
  await whenPrinted(child, 'Stop with Ctrl+C', 'tillid hub');
  return { child, url: await url };
}

/** The address a hub started with `--port 0` prints in its banner. */
function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const collect = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1] !== undefined) {
        child.stdout.off('data', collect);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', collect);
    child.once('exit', () => reject(new Error(`tillid hub exited before it said where it listens:\n${out}`)));
  });
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
export function whenPrinted(child: ChildProcessWithoutNullStreams, marker: string, name: string): Promise<ChildProcessWithoutNullStreams> {
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
        resolve(child);
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
