import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * The bin folder of the newest PostgreSQL that Debian's `postgresql` package installed (`/usr/lib/postgresql/N/bin`),
 * or `TILLID_PG_BINDIR` when set. Debian keeps initdb and pg_ctl off PATH, so PATH alone would not find them.
 */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.TILLID_PG_BINDIR;
  if (override !== undefined && override !== '') {
    if (!existsSync(path.join(override, 'initdb'))) throw new Error(`TILLID_PG_BINDIR=${override} has no initdb`);
    return override;
  }
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT).filter((name) => /^\d+$/.test(name) && existsSync(path.join(DEBIAN_ROOT, name, 'bin', 'initdb')))
    : [];
  const newest = versions.map(Number).sort((a, b) => b - a)[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed: the hub tests need a real server. On Debian: apt-get install -y postgresql ' +
        '(.ci/run does this), or point TILLID_TEST_PG_URL at a server whose user may create databases.',
    );
  }
  return path.join(DEBIAN_ROOT, String(newest), 'bin');
}
