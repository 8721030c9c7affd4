import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../sync/client/syncStatus';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { enrolledTillDir, openTill, queueReceipt, startCrm } from './support/syncHarness';

let under: CrmUnderTest;
let till: TillUnderTest;
const statuses: SyncStatus[] = [];

beforeAll(async () => {
  under = await startCrm({ members: 50 });
  till = openTill(await enrolledTillDir(under), { pullIntervalMs: 100, pushDebounceMs: 20, backoff: { baseMs: 20, maxMs: 100 } });
  till.engine.on('status', (s) => statuses.push(s));
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

/** Waits (bounded) until `condition` holds; the engine's own schedule must get there. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}; status ${JSON.stringify(till.engine.status())}`);
}

describe('the running engine, on its own schedule', () => {
  it('bootstraps at start, then pulls new changes every interval', async () => {
    till.engine.start();
    await eventually(() => statuses.some((s) => s.online && s.cacheProfiles === 50 && s.bootstrap.state === 'done'), 'an online status after the first copy');
    const id = await under.admin.createProfile({ firstName: 'Elsa', email: 'elsa@example.com' });
    await eventually(() => till.cache.profiles.findByIdentifier('email', 'elsa@example.com')?.id === id, 'the new member pulled');
  });

  it('pushes soon after it is told a receipt was queued', async () => {
    const receiptId = queueReceipt(till.cache, null);
    till.engine.notifyOutbox();
    expect(statuses.at(-1)?.pendingItems).toBe(1);
    await eventually(async () => (await under.admin.receipts()).some((r) => r.receiptId === receiptId), 'the receipt at the CRM');
    await eventually(() => statuses.at(-1)?.pendingItems === 0, 'a status event with nothing pending');
  });

  it('goes offline while the CRM fails, backs off, and comes back online by itself', async () => {
    await under.admin.faults({ errorRate: 1 });
    await eventually(() => statuses.at(-1)?.online === false, 'an offline status event');
    expect(till.engine.status().lastError?.kind).toBe('server_error');
    const failedRequests = (await under.admin.stats()).faultsInjected.error;
    await under.admin.faults({});
    await eventually(() => statuses.at(-1)?.online === true, 'an online status event');
    expect(till.engine.status().lastError).toBeNull();
    expect(failedRequests).toBeGreaterThan(0);
  });
});
