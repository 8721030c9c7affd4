import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface HubProcess {
  url: string;
  adminToken: string;
  /** How long the first start took: migrations and the demo connector's import of `members`. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * `tillid hub --connector demo` in its own process on a PostgreSQL database (the other core serves, this one
 * measures), resolving once it listens: the first start imports the demo members, which the caller times.
 */
export async function startHubProcess(databaseUrl: string, members: number, timeoutMs = 1_200_000): Promise<HubProcess> {
  const adminToken = `adm_${randomBytes(18).toString('base64url')}`;
  const started = performance.now();
  const child = spawn(process.execPath, [
    path.join(root, 'bin', 'tillid.mjs'), 'hub', '--port', '0', '--admin-token', adminToken, '--connector', 'demo', '--members', String(members),
  ], { cwd: root, env: { ...process.env, TILLID_HUB_DATABASE_URL: databaseUrl, TILLID_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the hub did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) before it listened: ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ url: match[1], adminToken, startMs: Math.round(performance.now() - started), stop });
    });
  });
}
