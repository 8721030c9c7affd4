import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration';

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to the newest version. Each migration runs in its own IMMEDIATE transaction together with its
 * `PRAGMA user_version` bump, so a crash leaves the file at the last complete version, and a second process opening
 * the same file at the same moment waits and then skips what the first one applied.
 * A file written by a newer Tillid is refused rather than guessed at.
 */
export function runMigrations(db: Database, migrations: readonly Migration[]): MigrationReport {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`cache migrations must be numbered 1..n in order (found ${m.version} at ${i + 1})`);
  });
  const from = userVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new Error(`the cache schema is version ${from}, newer than this Tillid knows (${latest}); upgrade Tillid`);
  }
  const applied: string[] = [];
  for (const m of migrations.slice(from)) {
    const ran = db
      .transaction(() => {
        if (userVersion(db) >= m.version) return false;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(`${String(m.version).padStart(3, '0')} ${m.name}`);
  }
  return { from, to: latest, applied };
}
