import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { enrolledTillDir, openTill, queueReceipt, startCrm } from './support/syncHarness';

let under: CrmUnderTest;
let till: TillUnderTest;

beforeAll(async () => {
  under = await startCrm({ members: 200 });
  till = openTill(await enrolledTillDir(under), { uploadBatchSize: 7 });
  await till.engine.syncNow();
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

const receiptIdsAtCrm = async (profileId?: string): Promise<string[]> => (await under.admin.receipts(profileId)).map((r) => r.receiptId).sort();

describe('push', () => {
  it('delivers queued receipts in batches, each once, linked to their members', async () => {
    const member = under.crm.demoMember(4).profileId;
    const ids = Array.from({ length: 20 }, (_, i) => queueReceipt(till.cache, i % 2 === 0 ? member : null, 1_000 + i));
    expect(till.engine.status().pendingItems).toBe(20);

    const status = await till.engine.syncNow();

    expect(status).toMatchObject({ pendingItems: 0, deadLetters: 0, online: true });
    expect(status.lastPushAt).not.toBeNull();
    expect(await receiptIdsAtCrm()).toEqual([...ids].sort());
    expect(await receiptIdsAtCrm(member)).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
    const one = (await under.admin.receipts(member)).find((r) => r.receiptId === ids[0]);
    expect(one).toMatchObject({ currency: 'SEK', total: 10, tillId: expect.any(String), lines: [{ sku: '7310865004703' }] });
  });

  it('keeps a receipt the CRM rejects as a dead letter with its reason, and delivers the rest', async () => {
    const good = queueReceipt(till.cache, null);
    till.cache.receipts.enqueueReceipt({ receiptId: 'R-bad-currency', profileId: null, createdAt: Date.now(), currency: 'kronor', totalMinor: 100, body: { lines: [], payments: [] } });
    const before = (await under.admin.receipts()).length;

    const status = await till.engine.syncNow();

    expect(status).toMatchObject({ pendingItems: 0, deadLetters: 1 });
    const [dead] = till.engine.deadLetters();
    expect(dead).toMatchObject({ kind: 'receipt', reason: expect.stringMatching(/^invalid_payload/) });
    expect(dead?.reason).not.toContain('kronor');
    expect((await under.admin.receipts()).length).toBe(before + 1);
    expect(await receiptIdsAtCrm()).toContain(good);
    // never retried, never dropped
    await till.engine.syncNow();
    expect(till.engine.status().deadLetters).toBe(1);
    expect(await receiptIdsAtCrm()).not.toContain('R-bad-currency');
  });

  it('an item the CRM refuses the whole batch for is isolated and kept as a dead letter; the rest go through', async () => {
    const ids = Array.from({ length: 12 }, () => queueReceipt(till.cache, null));
    // A damaged item (as if written by an older till): its key is not a UUIDv7, so the CRM refuses any batch holding it.
    const bad = till.cache.db.prepare(`SELECT id FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1 OFFSET 5`).pluck().get() as string;
    till.cache.db.prepare('UPDATE outbox SET idempotency_key = ? WHERE id = ?').run('not-a-uuid-v7', bad);
    const deadBefore = till.engine.status().deadLetters;

    const status = await till.engine.syncNow();

    expect(status).toMatchObject({ pendingItems: 0, deadLetters: deadBefore + 1 });
    expect(till.engine.deadLetters().find((d) => d.id === bad)?.reason).toBe('refused: bad_request');
    const held = await receiptIdsAtCrm();
    expect(ids.filter((id) => !held.includes(id))).toHaveLength(1);
  });

  it('re-points a new member and their receipts to the id the CRM gives the sign-up', async () => {
    const signup = till.cache.profiles.createPendingProfile({
      firstName: 'Ines',
      identifiers: [{ kind: 'phone', value: '+46731112233' }],
      consents: [{ purpose: 'terms', granted: true }, { purpose: 'marketing_email', granted: true }],
      at: Date.now(),
      source: 'till:test',
    });
    if (signup.status !== 'created') throw new Error('expected a new sign-up');
    const provisional = signup.profile.id;
    const receipt = queueReceipt(till.cache, provisional);
    const mapped: Array<{ provisionalId: string; profileId: string }> = [];
    const off = till.engine.on('profiles', (changes) => mapped.push(...changes.mapped));

    await till.engine.syncNow();
    off();

    expect(mapped).toHaveLength(1);
    const crmId = mapped[0]!.profileId;
    expect(crmId).not.toBe(provisional);
    expect(till.cache.profiles.findById(provisional)).toBeUndefined();
    expect(till.cache.profiles.findByIdentifier('phone', '+46731112233')).toMatchObject({ id: crmId, status: 'active' });
    expect(till.cache.receipts.findById(receipt)?.profileId).toBe(crmId);
    expect(await receiptIdsAtCrm(crmId)).toEqual([receipt]);
    const atCrm = await under.admin.profile(crmId);
    expect(atCrm.consents.map((c) => [c.purpose, c.granted]).sort()).toEqual([['marketingEmail', true], ['terms', true]]);
  });

  it('maps a sign-up to the member the CRM already has for that phone (from the web shop)', async () => {
    const webShop = await under.admin.createProfile({ firstName: 'Vera', phone: '+46735550101' });
    // the till has not pulled since: it does not know Vera yet
    const signup = till.cache.profiles.createPendingProfile({
      firstName: 'Vera',
      identifiers: [{ kind: 'phone', value: '+46735550101' }],
      consents: [{ purpose: 'terms', granted: true }],
      at: Date.now(),
      source: 'till:test',
    });
    if (signup.status !== 'created') throw new Error('expected a new sign-up');
    const receipt = queueReceipt(till.cache, signup.profile.id);

    await till.engine.syncNow();

    expect(till.cache.profiles.findByIdentifier('phone', '+46735550101')?.id).toBe(webShop);
    expect(till.cache.receipts.findById(receipt)?.profileId).toBe(webShop);
    expect(await receiptIdsAtCrm(webShop)).toEqual([receipt]);
  });
});
