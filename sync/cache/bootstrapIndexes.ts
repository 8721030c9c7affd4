import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';

/** One secondary index as SQLite keeps it (`sqlite_schema.sql`). */
export interface IndexDefinition {
  name: string;
  table: string;
  sql: string;
}

/** The profiles/identifiers pair a bootstrap writes: the live tables, or their shadow copies. */
export interface CopyTables {
  profiles: string;
  identifiers: string;
}

/** The explicit indexes of `tables` (not the automatic ones of PRIMARY KEY / UNIQUE constraints), as defined now. */
export function readIndexDefinitions(db: Database, tables: readonly string[]): IndexDefinition[] {
  return db
    .prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY name`)
    .all(...tables) as IndexDefinition[];
}

const INDEX_HEAD = /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"(?:[^"]|"")*"|[\w$]+)\s+ON\s+(?:"(?:[^"]|"")*"|[\w$]+)/i;

/** The same index under another name on another table (a shadow copy), created only if missing. */
export function retargetIndex(index: IndexDefinition, name: string, table: string): IndexDefinition {
  if (!INDEX_HEAD.test(index.sql)) throw new Error(`cannot read the definition of index ${index.name}`);
  return { name, table, sql: index.sql.replace(INDEX_HEAD, (_m, unique: string | undefined) => `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quote(name)} ON ${quote(table)}`) };
}

/**
 * Creates an index if it is missing. A unique index can meet duplicates only if a page was loaded twice (its token
 * was not stored with it) or a till sign-up shares an identifier with a CRM profile: keep the newest profile row, and
 * per identifier the CRM profile's row, then build again.
 */
export function createIndexKeepingNewest(db: Database, index: IndexDefinition, tables: CopyTables, logger?: Logger): void {
  const sql = index.sql.replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF\s+NOT\s+EXISTS)/i, (m) => `${m}IF NOT EXISTS `);
  try {
    db.exec(sql);
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
  }
  logger?.warn({ index: index.name }, 'duplicates found while rebuilding an index; keeping the newest');
  const p = quote(tables.profiles);
  const i = quote(tables.identifiers);
  db.exec(`
    DELETE FROM ${p} WHERE pk NOT IN (SELECT max(pk) FROM ${p} GROUP BY id);
    DELETE FROM ${i} WHERE profile_pk NOT IN (SELECT pk FROM ${p});
    DELETE FROM ${i} WHERE rowid IN (
      SELECT rid FROM (
        SELECT x.rowid AS rid,
               row_number() OVER (PARTITION BY x.hash ORDER BY y.status = 'active' DESC, x.rowid DESC) AS n
        FROM ${i} x JOIN ${p} y ON y.pk = x.profile_pk
      ) WHERE n > 1
    );
  `);
  db.exec(sql);
}

/** An SQL identifier, quoted. */
export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
