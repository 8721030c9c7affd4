/** A value bound to a `$n` placeholder. Epoch milliseconds travel as numbers; JSON as text; arrays feed unnest(). */
export type SqlValue = string | number | boolean | null | readonly (string | number | null)[];

/** How to run one statement. */
export interface QueryOptions {
  /**
   * Prepared once per connection under this name (PostgreSQL), then only executed: for the statements every till
   * runs several times a minute, whose planning would otherwise cost more than their execution. A name stands for
   * exactly one statement text. PGlite has one connection in the process and ignores it.
   */
  prepareAs?: string;
}

/**
 * What the hub's repositories need of a database: parameterised queries (`$1`, `$2`, …) that answer rows.
 * PostgreSQL (node-postgres) and PGlite both implement it, and every statement is plain PostgreSQL that runs on
 * both, so the same repositories serve a retailer's cluster and the embedded demo.
 */
export interface Sql {
  query<Row extends object>(text: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/** One connection held for a while: what a session advisory lock needs, and bulk loading with COPY. */
export interface HubSession extends Sql {
  /**
   * `COPY table (columns) FROM` the rows in `text`, in COPY's text format (one row a line, tab-separated, `\N` for
   * null, backslash escapes: hub/import/copyText.ts). `table` and `columns` are the caller's constants, never input.
   */
  copyRows(table: string, columns: readonly string[], text: string): Promise<void>;
}

export interface HubDatabase extends Sql {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction (READ COMMITTED), committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one connection of its own, outside any transaction. PostgreSQL: the connection is closed at the
   * end, not pooled, so a session advisory lock it took can never outlive the work. PGlite: its one connection.
   */
  session<T>(work: (session: HubSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Every transaction that writes the member mirror or the change log takes this lock before its first read. It makes
 * change-log sequence numbers commit in order (a reader can never see seq 11 before seq 10 and skip 10), and
 * serialises what reads the mirror to decide a write (a sign-up matching identifiers, a receipt waiting for its
 * sign-up's mapping). Writes that touch neither (an anonymous receipt) do not take it: primary keys keep them once
 * (upload/uploadDesk.ts). Reads (bootstrap, changes) never take it.
 */
export const WRITE_LOCK_KEY = 7_420_001;

/** Takes the write lock (WRITE_LOCK_KEY) for the rest of the transaction `tx` belongs to. */
export async function takeWriteLock(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
}

/** A transaction holding the write lock: see WRITE_LOCK_KEY. */
export async function writeTransaction<T>(db: HubDatabase, work: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await takeWriteLock(tx);
    return work(tx);
  });
}
