import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { HubDatabase, QueryOptions, Sql, SqlValue } from './sql';

const INT8_OID = 20;

/** bigint columns (sequence numbers, epoch ms) fit a JS number by far; node-postgres would hand back strings. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function sqlOf(client: pg.Pool | pg.PoolClient): Sql {
  return {
    query: async <Row extends object>(text: string, params: readonly SqlValue[] = [], options: QueryOptions = {}) => {
      const values = params as SqlValue[];
      return (await client.query<Row>(options.prepareAs === undefined ? { text, values } : { name: options.prepareAs, text, values })).rows;
    },
    // No parameters: node-postgres sends it as one simple query, which may hold several statements.
    exec: async (text: string) => {
      await client.query(text);
    },
  };
}

/** Connections one hub process keeps to PostgreSQL unless told otherwise (`tillid hub --pool-size`). */
export const DEFAULT_POOL_SIZE = 10;

/** The hub's database on a PostgreSQL server (node-postgres pool). `url` is a postgres:// connection string. */
export async function openPostgresDatabase(url: string, options: { maxConnections?: number } = {}): Promise<HubDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? DEFAULT_POOL_SIZE, types, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away (PostgreSQL restarted) must not crash the process: the pool drops it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const direct = sqlOf(pool);
  return {
    engine: 'postgres',
    query: direct.query,
    exec: direct.exec,
    transaction: async (work) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(sqlOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    session: async (work) => {
      const client = await pool.connect();
      try {
        return await work({
          ...sqlOf(client),
          copyRows: async (table, columns, text) => {
            await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
          },
        });
      } finally {
        // Closed, not pooled: whatever the session held (an advisory lock, a half-done COPY) ends with it.
        client.release(true);
      }
    },
    close: () => pool.end(),
  };
}
