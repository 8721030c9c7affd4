import { describe, expect, it } from 'vitest';
import { simulateFleet } from '../../hub/simulate/fleetSimulator';
import { SimulateOptionsSchema } from '../../hub/simulate/simulateOptions';
import { writeTransaction } from '../../hub/db/sql';
import { HUB_ENGINES, hubPerTest, seedMembers } from './support/hubUnderTest';

describe('the fleet simulator refuses what it must not do', () => {
  it('aims only at a hub on this machine', () => {
    const base = { adminToken: 't', tills: 1, seconds: 1 };
    for (const hub of ['http://127.0.0.1:7440', 'http://localhost:7440', 'http://[::1]:7440']) expect(SimulateOptionsSchema.safeParse({ ...base, hub }).success).toBe(true);
    for (const hub of ['http://10.0.0.1:7440', 'http://hub.example:7440', 'http://127.0.0.1.example:80', 'ftp://127.0.0.1', 'not a url']) {
      expect(SimulateOptionsSchema.safeParse({ ...base, hub }).success).toBe(false);
    }
  });

  it('is bounded in time and count', () => {
    const base = { hub: 'http://127.0.0.1:1', adminToken: 't' };
    expect(SimulateOptionsSchema.safeParse({ ...base, tills: 5_001, seconds: 1 }).success).toBe(false);
    expect(SimulateOptionsSchema.safeParse({ ...base, tills: 1, seconds: 601 }).success).toBe(false);
    expect(SimulateOptionsSchema.safeParse({ ...base, tills: 2, seconds: 1, bootstrappers: 3 }).success).toBe(false);
  });
});

describe.each(HUB_ENGINES)('a simulated fleet on %s', (engine) => {
  const hubForTest = hubPerTest(engine);

  it('polls, uploads and bootstraps without an error, and finds every receipt in the ledger exactly once', async () => {
    const under = await hubForTest();
    const { hub } = under;
    await seedMembers(hub, 300);
    const options = SimulateOptionsSchema.parse({
      hub: hub.url, adminToken: hub.adminToken, tills: 6, seconds: 3, receiptsPerSecond: 10, bootstrappers: 2, pollIntervalMs: 500, bootstrapPageSize: 100,
    });
    const report = await simulateFleet(options);
    expect(report.errors).toEqual({ total: 0, byKind: {} });
    expect(report.tills).toBe(6);
    expect(report.changeFeed.polls).toBeGreaterThan(4);
    expect(report.changeFeed.p99Ms).not.toBeNull();
    expect(report.bootstrap).toMatchObject({ completed: 2, rows: 600, lowPriority: process.platform === 'linux' });
    expect(report.receipts.sent).toBeGreaterThan(10);
    expect(report.receipts.accepted).toBe(report.receipts.sent);
    expect(report.receipts.resentAsDuplicates).toBeGreaterThan(0);
    expect(report.ledger).toEqual({ verdict: 'exactly_once', found: report.receipts.sent, missing: 0, doubled: 0 });
    const [held] = await hub.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM receipts WHERE receipt_id LIKE 'sim-%'");
    expect(held?.n).toBe(report.receipts.sent);
  }, 60_000);

  it('says so when a receipt it sent is not in the ledger', async () => {
    const under = await hubForTest();
    const { hub } = under;
    // A ledger that loses receipts: every one the hub stores is deleted again at once.
    await writeTransaction(hub.parts.db, async (tx) => {
      await tx.query(`CREATE FUNCTION lose_receipt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM receipts WHERE receipt_id = NEW.receipt_id; RETURN NULL; END $$`);
      await tx.query('CREATE TRIGGER lose_receipt AFTER INSERT ON receipts FOR EACH ROW EXECUTE FUNCTION lose_receipt()');
    });
    const options = SimulateOptionsSchema.parse({ hub: hub.url, adminToken: hub.adminToken, tills: 2, seconds: 1, receiptsPerSecond: 5, pollIntervalMs: 500 });
    const report = await simulateFleet(options);
    expect(report.receipts.sent).toBeGreaterThan(0);
    expect(report.ledger.verdict).toBe('missing');
    expect(report.ledger.missing).toBe(report.receipts.sent);
  }, 60_000);
});
