import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { expectCacheMatchesCrm } from './support/cacheMatchesCrm';
import { enrolledTillDir, openTill, queueReceipt, startCrm } from './support/syncHarness';

let under: CrmUnderTest;
let till: TillUnderTest;

beforeAll(async () => {
  under = await startCrm({ members: 300 });
  till = openTill(await enrolledTillDir(under));
  await till.engine.syncNow();
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

describe('a merge and an erasure made at the CRM while the till is offline', () => {
  it('attach the till’s receipts to the surviving profile and remove the erased person from the cache', async () => {
    const from = under.crm.demoMember(20); // has phone, email, card, member number
    const into = under.crm.demoMember(21);
    const erased = under.crm.demoMember(40);
    const cacheHas = (id: string): boolean => till.cache.profiles.findById(id) !== undefined;
    expect([cacheHas(from.profileId), cacheHas(into.profileId), cacheHas(erased.profileId)]).toEqual([true, true, true]);

    // The till goes offline (every sync request fails) and keeps selling.
    await under.admin.faults({ errorRate: 1 });
    const fromReceipts = [queueReceipt(till.cache, from.profileId), queueReceipt(till.cache, from.profileId)];
    const erasedReceipt = queueReceipt(till.cache, erased.profileId);
    const offline = await till.engine.syncNow();
    expect(offline).toMatchObject({ online: false, pendingItems: 3, lastError: { kind: 'server_error' } });

    // Meanwhile at the CRM.
    await under.admin.merge(from.profileId, into.profileId);
    await under.admin.erase(erased.profileId);

    // Back online.
    await under.admin.faults({});
    const changes = { erased: [] as string[], merged: [] as Array<{ from: string; into: string }> };
    till.engine.on('profiles', (c) => {
      changes.erased.push(...c.erased);
      changes.merged.push(...c.merged);
    });
    const status = await till.engine.syncNow();
    expect(status).toMatchObject({ online: true, pendingItems: 0, deadLetters: 0, lastError: null });
    expect(changes).toEqual({ erased: [erased.profileId], merged: [{ from: from.profileId, into: into.profileId }] });

    // The merged-away profile is gone; its identifiers and receipts now belong to the survivor.
    expect(cacheHas(from.profileId)).toBe(false);
    expect(till.cache.profiles.findByIdentifier('phone', from.phone)?.id).toBe(into.profileId);
    expect(till.cache.profiles.findByIdentifier('member_number', from.memberNumber as string)?.id).toBe(into.profileId);
    expect(till.cache.receipts.listForProfile(into.profileId).map((r) => r.receiptId).sort()).toEqual([...fromReceipts].sort());
    const atCrm = (await under.admin.receipts(into.profileId)).map((r) => r.receiptId).sort();
    expect(atCrm).toEqual([...fromReceipts].sort());

    // The erased person's data left the cache; their receipt stays, unlinked, and reached the CRM unlinked.
    expect(cacheHas(erased.profileId)).toBe(false);
    expect(till.cache.profiles.findByIdentifier('phone', erased.phone)).toBeUndefined();
    expect(till.cache.consents.listFor(erased.profileId)).toEqual([]);
    expect(till.cache.receipts.findById(erasedReceipt)?.profileId).toBeNull();
    const held = (await under.admin.receipts()).filter((r) => r.receiptId === erasedReceipt);
    expect(held).toHaveLength(1);
    expect(held[0]?.linkedProfileId).toBeNull();
  });
});

describe('a cursor the CRM no longer knows', () => {
  it('leads to a clean re-bootstrap that keeps the outbox and the till’s own sign-ups', async () => {
    const signup = till.cache.profiles.createPendingProfile({
      firstName: 'Alva',
      identifiers: [{ kind: 'email', value: 'alva@example.com' }],
      consents: [{ purpose: 'terms', granted: true }],
      at: Date.now(),
      source: 'till:test',
    });
    if (signup.status !== 'created') throw new Error('expected a new sign-up');
    await under.admin.faults({ errorRate: 1, routes: ['upload'] }); // keep the sign-up pending through the re-bootstrap
    const newcomer = await under.admin.createProfile({ firstName: 'Nils', phone: '+46736667788' });
    await under.admin.touch(50);
    await under.admin.compact(0); // every change is pruned: our cursor is older than the window

    const progress: string[] = [];
    till.engine.on('progress', (p) => progress.push(p.state));
    const status = await till.engine.syncNow();
    // the pull part succeeded via a fresh copy; the upload part failed and stays pending
    expect(status.bootstrap.state).toBe('done');
    expect(progress).toContain('running');
    expect(till.cache.profiles.findByIdentifier('phone', '+46736667788')?.id).toBe(newcomer);
    expect(till.cache.profiles.findByIdentifier('email', 'alva@example.com')).toMatchObject({ id: signup.profile.id, status: 'pending_sync' });
    expect(till.engine.status().pendingItems).toBe(1);

    await under.admin.faults({});
    const after = await till.engine.syncNow();
    expect(after).toMatchObject({ online: true, pendingItems: 0, lastError: null });
    expect(till.cache.profiles.findByIdentifier('email', 'alva@example.com')?.status).toBe('active');
    const stats = await under.admin.stats();
    expect(after.cacheProfiles).toBe(stats.profiles);
  });
});

describe('a bootstrap page token the CRM no longer knows', () => {
  it('restarts the copy from scratch instead of resuming, and ends equal to the CRM', async () => {
    const dataDir = await enrolledTillDir(under);
    const first = openTill(dataDir, { bootstrapPageSize: 20 });
    const stopped = new Promise<void>((resolve) => {
      let stopping = false;
      first.engine.on('progress', (p) => {
        if (stopping || p.state !== 'running' || p.done < 60) return;
        stopping = true;
        void first.engine.stop().then(resolve);
      });
    });
    first.engine.start();
    await stopped;
    await first.shutdown();

    await under.admin.touch(5);
    await under.admin.compact(0); // the snapshot the page token belongs to is older than the feed's window now

    const second = openTill(dataDir, { bootstrapPageSize: 20 });
    try {
      const done: number[] = [];
      second.engine.on('progress', (p) => done.push(p.done));
      const status = await second.engine.syncNow();
      expect(done[0]).toBeGreaterThanOrEqual(60); // tried to resume…
      expect(done.slice(1).some((n) => n > 0 && n < 60)).toBe(true); // …then copied again from the start
      expect(status).toMatchObject({ online: true, lastError: null, bootstrap: { state: 'done' } });
      await expectCacheMatchesCrm(second.cache, under.crm.url, under.admin);
    } finally {
      await second.close();
    }
  });
});
