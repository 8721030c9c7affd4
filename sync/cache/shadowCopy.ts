import type { Database } from 'better-sqlite3';
import type { CopyTables, IndexDefinition } from './bootstrapIndexes';
import { quote, readIndexDefinitions, retargetIndex } from './bootstrapIndexes';

/**
 * A re-bootstrap loads the CRM's new copy beside the old one, in shadow tables, and swaps them in at the end, so the
 * till keeps identifying customers from the old copy meanwhile. These are the tables a copy consists of; everything
 * else (receipts, outbox, sync state, member keys) is never touched by a swap.
 */
export const COPY_TABLES = ['profiles', 'identifiers', 'consents'] as const;
export type CopyTable = (typeof COPY_TABLES)[number];

export const shadowOf = (table: CopyTable): string => `${table}_shadow`;
/** The old copy after a swap, until it is deleted (in batches, see dropRetiredCopy). */
const retiredOf = (table: CopyTable): string => `${table}_retired`;

export const SHADOW_TABLES: CopyTables & { consents: string } = {
  profiles: shadowOf('profiles'),
  identifiers: shadowOf('identifiers'),
  consents: shadowOf('consents'),
};

/**
 * SQLite cannot rename an index, and the shadow's indexes must exist before the swap (building them is the slow
 * part), under names the live indexes do not use. So each swap alternates an index between two names.
 */
const ALTERNATE_SUFFIX = '_alt';
const alternateName = (name: string): string => (name.endsWith(ALTERNATE_SUFFIX) ? name.slice(0, -ALTERNATE_SUFFIX.length) : `${name}${ALTERNATE_SUFFIX}`);

const TABLE_HEAD = /^CREATE\s+TABLE\s+(?:"(?:[^"]|"")*"|[\w$]+)/i;

/** (Re)creates the shadow tables, empty and without indexes, shaped like the live tables now. */
export function createShadowTables(db: Database): void {
  for (const table of COPY_TABLES) {
    const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string | undefined;
    if (sql === undefined || !TABLE_HEAD.test(sql)) throw new Error(`cannot read the definition of table ${table}`);
    db.exec(`DROP TABLE IF EXISTS ${quote(shadowOf(table))}`);
    db.exec(sql.replace(TABLE_HEAD, `CREATE TABLE ${quote(shadowOf(table))}`));
  }
}

/** The live tables' indexes as they are now, renamed for the shadow tables. */
export function shadowIndexPlan(db: Database): IndexDefinition[] {
  return readIndexDefinitions(db, COPY_TABLES).map((index) => retargetIndex(index, alternateName(index.name), shadowOf(index.table as CopyTable)));
}

/**
 * Swaps the shadow copy in; call inside one transaction, after the shadow's indexes are built. It copies the till's
 * own unsynced sign-ups (profiles `pending_sync`, their identifiers and consents) into the shadow first, since the
 * CRM's copy cannot hold them; where the CRM's copy already claims an identifier, the CRM wins, as in a first copy.
 * Then the old tables become `*_retired` and the shadow tables take their names: renames, no row is moved.
 * Receipts and outbox items point at profiles by CRM id, so they stay linked. Returns the sign-ups carried over.
 */
export function swapInShadowCopy(db: Database): number {
  const profileColumns = sharedColumns(db, 'profiles').filter((c) => c !== 'pk');
  const identifierColumns = sharedColumns(db, 'identifiers').filter((c) => c !== 'profile_pk');
  const consentColumns = sharedColumns(db, 'consents');
  const list = (columns: string[], prefix = ''): string => columns.map((c) => `${prefix}${quote(c)}`).join(', ');

  // Indexed by profiles_pending (migration 006): these reads stay small at any cache size.
  const carried = db
    .prepare(`INSERT OR IGNORE INTO profiles_shadow (${list(profileColumns)}) SELECT ${list(profileColumns)} FROM profiles WHERE status = 'pending_sync'`)
    .run().changes;
  db.prepare(
    `INSERT OR IGNORE INTO identifiers_shadow (${list(identifierColumns)}, profile_pk)
     SELECT ${list(identifierColumns, 'i.')}, s.pk
     FROM profiles p JOIN identifiers i ON i.profile_pk = p.pk JOIN profiles_shadow s ON s.id = p.id
     WHERE p.status = 'pending_sync'`,
  ).run();
  db.prepare(
    `INSERT OR IGNORE INTO consents_shadow (${list(consentColumns)})
     SELECT ${list(consentColumns)} FROM consents WHERE profile_id IN (SELECT id FROM profiles WHERE status = 'pending_sync')`,
  ).run();

  for (const table of COPY_TABLES) db.exec(`ALTER TABLE ${quote(table)} RENAME TO ${quote(retiredOf(table))}`);
  for (const table of COPY_TABLES) db.exec(`ALTER TABLE ${quote(shadowOf(table))} RENAME TO ${quote(table)}`);
  // A rename leaves the planner's statistics under the old table names.
  for (const stat of statTables(db)) {
    for (const table of COPY_TABLES) {
      db.prepare(`DELETE FROM ${stat} WHERE tbl = ?`).run(table);
      db.prepare(`UPDATE ${stat} SET tbl = ? WHERE tbl = ?`).run(table, shadowOf(table));
    }
  }
  return carried;
}

/**
 * Deletes the old copy after a swap in small batches, pausing between them so the till's lookups run: one DROP of a
 * million-member table would hold the connection for seconds, since secure_delete zeroes every freed page (erased
 * people's data must not stay readable in free pages). Stops early, leaving the rest for next time, if the database
 * is closed. Returns whether there was anything to delete.
 */
export async function dropRetiredCopy(db: Database, pause: () => Promise<void>, rowsPerBatch = 20_000): Promise<boolean> {
  const tables = retiredTables(db);
  for (const table of tables) {
    // Without its indexes a delete in row order writes neighbouring pages only.
    for (const index of readIndexDefinitions(db, [table])) {
      db.exec(`DROP INDEX IF EXISTS ${quote(index.name)}`);
      await pause();
      if (!db.open) return true;
    }
    const key = rowKey(db, table);
    const deleteBatch = db.prepare(`DELETE FROM ${quote(table)} WHERE (${key}) IN (SELECT ${key} FROM ${quote(table)} LIMIT ?)`);
    while (deleteBatch.run(rowsPerBatch).changes > 0) {
      await pause();
      if (!db.open) return true;
    }
    db.exec(`DROP TABLE ${quote(table)}`);
  }
  return tables.length > 0;
}

/** Drops whatever is left of an old copy at once (only after a crash interrupted dropRetiredCopy). */
export function dropRetiredCopyNow(db: Database): void {
  for (const table of retiredTables(db)) db.exec(`DROP TABLE ${quote(table)}`);
}

function retiredTables(db: Database): string[] {
  const names = COPY_TABLES.map(retiredOf);
  return db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN (${names.map(() => '?').join(', ')})`).pluck().all(...names) as string[];
}

/** Columns both the live table and its shadow have (a shadow made before a migration may lack a new one). */
function sharedColumns(db: Database, table: CopyTable): string[] {
  const columns = (name: string): string[] => (db.pragma(`table_info(${quote(name)})`) as Array<{ name: string }>).map((c) => c.name);
  const shadow = new Set(columns(shadowOf(table)));
  return columns(table).filter((c) => shadow.has(c));
}

function statTables(db: Database): string[] {
  return db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4')`).pluck().all() as string[];
}

/** `rowid`, or the primary key columns of a WITHOUT ROWID table (consents), comma-separated. */
function rowKey(db: Database, table: string): string {
  const [info] = db.pragma(`table_list(${quote(table)})`) as Array<{ wr: number }>;
  if (!info?.wr) return 'rowid';
  const key = (db.pragma(`table_info(${quote(table)})`) as Array<{ name: string; pk: number }>).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  return key.map((c) => quote(c.name)).join(', ');
}
