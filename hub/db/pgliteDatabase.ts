import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { HubDatabase, Sql, SqlValue } from './sql';

function sqlOf(target: PGlite | Transaction): Sql {
  return {
    query: async <Row extends object>(text: string, params: readonly SqlValue[] = []) =>
      (await target.query<Row>(text, params as SqlValue[])).rows,
    exec: async (text: string) => {
      await target.exec(text);
    },
  };
}

/**
 * The hub's database embedded in the process (PGlite: PostgreSQL compiled to WebAssembly), kept in `dir`; no `dir`
 * keeps it in memory. One connection: PGlite queues queries and transactions, so the write lock is uncontended.
 */
export async function openPgliteDatabase(dir?: string): Promise<HubDatabase> {
  if (dir !== undefined) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = dir === undefined ? new PGlite() : new PGlite(dir);
  await db.waitReady;
  const direct = sqlOf(db);
  return {
    engine: 'pglite',
    query: direct.query,
    exec: direct.exec,
    transaction: (work) => db.transaction((tx) => work(sqlOf(tx))),
    session: (work) => work({
      ...direct,
      // PGlite reads COPY data from its virtual /dev/blob device, given as the query's blob.
      copyRows: async (table, columns, text) => {
        await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
      },
    }),
    close: () => db.close(),
  };
}
