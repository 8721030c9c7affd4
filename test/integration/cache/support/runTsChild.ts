import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** Starts `node bin/run-ts.mjs <script> …args` from the repository root; stdout as text lines. */
export function runTsChild(script: string, args: string[]): { child: ChildProcess; lines: AsyncIterable<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', path.relative(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  async function* lines(): AsyncIterable<string> {
    let buffered = '';
    for await (const chunk of child.stdout!) {
      buffered += String(chunk);
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        yield buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
      }
    }
  }
  return { child, lines: lines(), exited };
}

/** Reads lines until `until` matches one; returns the lines read. Bounded: stops when the child's output ends. */
export async function readUntil(lines: AsyncIterable<string>, until: (line: string) => boolean): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) {
    seen.push(line);
    if (until(line)) break;
  }
  return seen;
}
