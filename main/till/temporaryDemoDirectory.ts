import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TemporaryDirectory {
  readonly dir: string;
  /** Removes the directory and all in it; safe to call more than once. */
  remove(): void;
}

/**
 * The fresh data directory of a demo started without `--data`. Nothing in it is worth keeping, so it goes when the
 * till stops, and at the latest when the process exits (Ctrl-C, SIGTERM and a failed start all end in an exit; only
 * SIGKILL leaves it behind, in the OS's temporary folder).
 */
export function createTemporaryDemoDirectory(): TemporaryDirectory {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-demo-'));
  const remove = (): void => {
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove);
  return { dir, remove };
}
