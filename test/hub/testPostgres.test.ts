import { inject, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../support/postgres/testDatabase';

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('the throwaway PostgreSQL of the hub tests', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(inject('postgresUrl')).hostname).toBe('127.0.0.1');
  });

  it('gives each test its own empty database, and drops it', async () => {
    const first = await createTestDatabase(inject('postgresUrl'));
    const second = await createTestDatabase(inject('postgresUrl'));
    try {
      await withClient(first.url, (client) => client.query('CREATE TABLE only_here (n int)'));
      const tables = (url: string) =>
        withClient(url, async (client) => (await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_here'")).rows[0].n);
      expect(await tables(first.url)).toBe(1);
      expect(await tables(second.url)).toBe(0);
    } finally {
      await first.drop();
      await second.drop();
    }
    const left = await withClient(inject('postgresUrl'), async (client) =>
      (await client.query('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [new URL(first.url).pathname.slice(1)])).rows[0].n);
    expect(left).toBe(0);
  });
});
