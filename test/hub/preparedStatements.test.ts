import { describe, expect, it } from 'vitest';
import { SimulatedTill } from '../../hub/simulate/simulatedTill';
import { HUB_ENGINES, hubPerTest, seedMembers } from './support/hubUnderTest';

describe.each(HUB_ENGINES)('prepared statements on %s', (engine) => {
  const hubForTest = hubPerTest(engine);

  it('a statement given a name answers as without one, and runs prepared on PostgreSQL', async () => {
    const under = await hubForTest({ poolSize: 1 });
    const { db } = under.hub.parts;
    for (const n of [1, 2, 3]) expect(await db.query('SELECT $1::int + 1 AS n', [n], { prepareAs: 'test_add_one' })).toEqual([{ n: n + 1 }]);
    if (engine === 'postgres') {
      // One connection in the pool: the one that ran it holds the prepared statement.
      const prepared = await db.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
      expect(prepared).toContainEqual({ name: 'test_add_one', statement: 'SELECT $1::int + 1 AS n' });
    }
  });

  it("a till's authentication is prepared once per connection, polls need no head statement of their own, and a poll answers the changes", async () => {
    const under = await hubForTest({ poolSize: 1 });
    const { hub } = under;
    const till = await SimulatedTill.enrol(hub.url, hub.adminToken, 'prepared');
    till.startAt(await till.headCursor());
    await seedMembers(hub, 3);
    expect(await till.pollChanges()).toBe(3);
    expect(await till.pollChanges()).toBe(0);
    if (engine === 'postgres') {
      const names = (await hub.parts.db.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((r) => r.name);
      expect(names).toContain('till_authenticate');
      // The authentication read the log's bounds: neither the poll at the head nor the one behind it asked for the head.
      expect(names).not.toContain('change_feed_head');
    }
  });

  it('a poll at the head is answered by its authentication alone (one statement, which read the log\'s bounds); a poll behind it reads the page', async () => {
    const under = await hubForTest();
    const { hub } = under;
    const till = await SimulatedTill.enrol(hub.url, hub.adminToken, 'one-statement');
    till.startAt(await till.headCursor());
    const { db } = hub.parts;
    const query = db.query.bind(db);
    const statements: string[] = [];
    db.query = ((text: string, ...rest: unknown[]) => {
      statements.push(text);
      return (query as (...args: unknown[]) => unknown)(text, ...rest);
    }) as typeof db.query;
    try {
      expect(await till.pollChanges()).toBe(0);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toContain('FROM tills WHERE token_sha256');
      await seedMembers(hub, 2);
      statements.length = 0;
      expect(await till.pollChanges()).toBe(2);
      expect(statements.length).toBeGreaterThan(1);
      statements.length = 0;
      expect(await till.pollChanges()).toBe(0);
      expect(statements).toHaveLength(1);
    } finally {
      db.query = query;
    }
  });
});
