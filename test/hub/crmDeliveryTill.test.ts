import { afterEach, describe, expect, it } from 'vitest';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { ScriptedConnector } from './support/scriptedConnector';
import { tillOnHub } from './support/tillOnHub';
import type { TillOnHub } from './support/tillOnHub';

describe.each(HUB_ENGINES)('a member who signs up at a real till, on a hub (%s) with a CRM that has a push', (engine) => {
  let under: HubUnderTest | undefined;
  let till: TillOnHub | undefined;
  afterEach(async () => {
    await till?.close();
    till = undefined;
    await under?.close();
    under = undefined;
  });

  it('ends up at the till under the CRM\'s id, with the receipt of the sale delivered to the CRM under that id', async () => {
    const connector = new ScriptedConnector();
    // The CRM is down for the first tries: the till's upload is unaffected, the hub retries by itself.
    connector.script.signUp.push('throw', 'retry_later');
    under = await startHub(engine, {
      connector, changePoll: { intervalMs: 0 },
      delivery: { intervalMs: 20, callTimeoutMs: 2_000, concurrency: 2, waitMs: 20, retry: { baseMs: 20, maxMs: 100, maxAttempts: 20 } },
    });
    const { hub } = under;
    till = await tillOnHub(hub);
    await till.engine.syncNow();
    const signedUp = till.cache.profiles.createPendingProfile({
      firstName: 'Anna', identifiers: [{ kind: 'phone', value: '+46705550009' }], consents: [{ purpose: 'terms', granted: true }], at: Date.now(), source: 'till:test',
    });
    if (signedUp.status !== 'created') throw new Error('the sign-up was not created');
    const provisionalId = signedUp.profile.id;
    const receiptId = queueReceipt(till.cache, provisionalId, 5_000);

    expect(await till.engine.syncNow()).toMatchObject({ pendingItems: 0, deadLetters: 0 });
    const owed = async (): Promise<number> =>
      (await hub.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE state <> 'delivered'"))[0]?.n ?? -1;
    for (let look = 0; look < 300 && (await owed()) > 0; look++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await owed()).toBe(0);

    const crmId = connector.signUps.get(provisionalId)?.profileId;
    expect(crmId).toMatch(/^CRM-/);
    expect(connector.receipts.get(receiptId)?.profileId).toBe(crmId);
    // The till hears of the CRM's id through its change feed (the hub's profile merged into the CRM's).
    await till.engine.syncNow();
    expect(till.cache.profiles.findByIdentifier('phone', '+46705550009')?.id).toBe(crmId);
    expect(till.cache.profiles.findById(provisionalId)).toBeUndefined();
  });
});
