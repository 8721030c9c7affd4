import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');

export interface StartOutcome {
  /** It printed its banner (and was then stopped with SIGTERM). */
  started: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `tillid start ARGS` as a user runs it (optionally under `wrapper`, e.g. setpriv to run as another user): resolves
 * when it exits by itself, or stops it once it prints its banner. Bounded by `timeoutMs`.
 */
export function runTillidStart(args: string[], options: { wrapper?: string[]; timeoutMs?: number } = {}): Promise<StartOutcome> {
  const command = [...(options.wrapper ?? []), process.execPath, path.join(root, 'bin/tillid.mjs'), 'start', '--browser', '--port', '0', ...args];
  const child = spawn(command[0]!, command.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: '/tmp' } });
  let stdout = '';
  let stderr = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tillid start neither started nor exited in time:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!started && stdout.includes('Stop with Ctrl+C')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ started, exitCode: code, stdout, stderr });
    });
  });
}
