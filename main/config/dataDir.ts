import os from 'node:os';
import path from 'node:path';

/** The till's one data directory: `--data DIR`, else $TILLID_DATA, else ~/.tillid. */
export function resolveDataDir(given?: string): string {
  const dir = given ?? process.env.TILLID_DATA ?? path.join(os.homedir(), '.tillid');
  return path.resolve(dir);
}
