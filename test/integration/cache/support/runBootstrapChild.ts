import path from 'node:path';
import { readUntil, runTsChild } from './runTsChild';

const script = path.join(import.meta.dirname, 'bootstrapChild.ts');

/** One run of bootstrapChild.ts: a bootstrap of `pages` × `pageSize` test members into the cache in `dir`. */
export interface BootstrapChildRun {
  dir: string;
  pages: number;
  pageSize: number;
}

/** Runs the child until it prints a line `killAt` accepts (or `finished`), then kills it with SIGKILL; its lines. */
export async function bootstrapChildKilledAt(run: BootstrapChildRun, killAt: (line: string) => boolean): Promise<string[]> {
  const started = runTsChild(script, [run.dir, String(run.pages), String(run.pageSize)]);
  const seen = await readUntil(started.lines, (line) => killAt(line) || line === 'finished');
  started.child.kill('SIGKILL');
  await started.exited;
  return seen;
}

/** Runs the child until it prints `finished` (or its output ends); its lines and exit code. */
export async function bootstrapChildToEnd(run: BootstrapChildRun): Promise<{ seen: string[]; exitCode: number | null }> {
  const started = runTsChild(script, [run.dir, String(run.pages), String(run.pageSize)]);
  const seen = await readUntil(started.lines, (line) => line === 'finished');
  return { seen, exitCode: await started.exited };
}
