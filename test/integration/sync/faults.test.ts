import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSettings } from '../../../hub/routes/adminFaultRoutes';
import { SYNC_KEYS } from '../../../sync/client/syncRecord';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { enrolledTillDir, openTill, queueReceipt, startCrm, syncUntil } from './support/syncHarness';

let under: CrmUnderTest;
let till: TillUnderTest;
const queued: string[] = [];

beforeAll(async () => {
  under = await startCrm({ members: 500 });
  till = openTill(await enrolledTillDir(under), {
    uploadBatchSize: 7,
    changesPageSize: 20,
    bootstrapPageSize: 100,
    http: { retry: { limit: 1, backoff: { baseMs: 5, maxMs: 20 } }, timeouts: { response: 300, request: 5_000 } },
  });
  await till.engine.syncNow();
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

/** Counts of each receipt id the CRM holds. */
async function heldCounts(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const receipt of await under.admin.receipts()) counts.set(receipt.receiptId, (counts.get(receipt.receiptId) ?? 0) + 1);
  return counts;
}

describe('against every injected fault, every queued receipt reaches the CRM exactly once', () => {
  it.each<[string, Partial<FaultSettings>]>([
    ['503 errors', { errorRate: 0.5 }],
    ['connection resets', { resetRate: 0.5 }],
    ['commits followed by a lost answer', { commitThenFailRate: 0.6 }],
    ['malformed and truncated bodies', { malformedRate: 0.5 }],
    ['timeouts (answers slower than the client waits)', { latencyMs: 450 }],
    ['everything at once', { errorRate: 0.2, resetRate: 0.2, commitThenFailRate: 0.2, malformedRate: 0.2 }],
  ])('%s', async (_name, faults) => {
    const member = under.crm.demoMember(queued.length % 100).profileId;
    const injectedBefore = Object.values((await under.admin.stats()).faultsInjected).reduce((a, b) => a + b, 0);
    await under.admin.faults(faults);
    // Receipts arrive in bursts while the CRM misbehaves and its members change.
    for (let burst = 0; burst < 5; burst += 1) {
      for (let i = 0; i < 6; i += 1) queued.push(queueReceipt(till.cache, i % 3 === 0 ? null : member, 500 + i));
      await under.admin.touch(15);
      await till.engine.syncNow();
    }
    await under.admin.faults({});
    const injected = Object.values((await under.admin.stats()).faultsInjected).reduce((a, b) => a + b, 0) - injectedBefore;
    expect(injected).toBeGreaterThan(0);
    await syncUntil(till.engine, () => till.engine.status().pendingItems === 0, 10);

    const counts = await heldCounts();
    expect(queued.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const status = till.engine.status();
    expect(status).toMatchObject({ online: true, pendingItems: 0, deadLetters: 0, lastError: null });

    // The cache converged to the CRM despite the faults on pulls.
    const stats = await under.admin.stats();
    expect(status.cacheProfiles).toBe(stats.profiles);
    for (const index of [0, 1, 2, 3, 4, 99, 250, 499]) {
      const id = under.crm.demoMember(index).profileId;
      const atCrm = await under.admin.profile(id);
      expect(till.cache.profiles.findById(id)?.pointsBalance).toBe(atCrm.profile.pointsBalance);
    }
  });
});

describe('a malformed change page', () => {
  it.each([['malformed'], ['reset']] as const)('(%s) changes nothing in the cache', async (fault) => {
    const id = under.crm.demoMember(7).profileId;
    await under.admin.patchProfile(id, { points: 4_242 });
    await under.admin.faults(fault === 'malformed' ? { malformedRate: 1, routes: ['changes'] } : { resetRate: 1, routes: ['changes'] });
    const cursor = till.cache.syncState.get(SYNC_KEYS.cursor);
    const points = till.cache.profiles.findById(id)?.pointsBalance;

    const status = await till.engine.syncNow();

    expect(status.online).toBe(false);
    expect(status.lastError?.kind).toBe(fault === 'malformed' ? 'malformed_response' : 'unreachable');
    expect(till.cache.syncState.get(SYNC_KEYS.cursor)).toBe(cursor);
    expect(till.cache.profiles.findById(id)?.pointsBalance).toBe(points);

    await under.admin.faults({});
    await till.engine.syncNow();
    expect(till.cache.profiles.findById(id)?.pointsBalance).toBe(4_242);
  });
});
