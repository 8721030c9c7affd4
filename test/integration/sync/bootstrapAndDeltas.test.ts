import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncStatusSchema } from '../../../sync/client/syncStatus';
import type { BootstrapProgress } from '../../../sync/client/syncStatus';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { enrolledTillDir, openTill, startCrm } from './support/syncHarness';

const MEMBERS = 2_500;
let under: CrmUnderTest;
let till: TillUnderTest;

beforeAll(async () => {
  under = await startCrm({ members: MEMBERS });
  till = openTill(await enrolledTillDir(under), { bootstrapPageSize: 1_000 });
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

describe('bootstrap, then deltas', () => {
  it('copies every member page by page with progress, then follows the feed', async () => {
    const progress: BootstrapProgress[] = [];
    till.engine.on('progress', (p) => progress.push(p));
    const status = await till.engine.syncNow();

    expect(SyncStatusSchema.parse(status)).toMatchObject({
      enrolled: true,
      online: true,
      cacheProfiles: MEMBERS,
      pendingItems: 0,
      deadLetters: 0,
      lastError: null,
      bootstrap: { state: 'done', done: MEMBERS, total: MEMBERS },
    });
    expect(status.lastPullAt).not.toBeNull();
    const running = progress.filter((p) => p.state === 'running' && p.done > 0).map((p) => p.done);
    expect(running).toEqual([1_000, 2_000, 2_500]);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: MEMBERS });
  });

  it.each([
    ['phone', 0, 'phone', 'phone'],
    ['email', 2, 'email', 'email'],
    ['card', 3, 'card', 'cardNumber'],
    ['member_number', 10, 'member_number', 'memberNumber'],
  ] as const)('finds a demo member by %s', (_name, index, kind, field) => {
    const member = under.crm.demoMember(index);
    const value = member[field];
    expect(value).not.toBeNull();
    expect(till.cache.profiles.findByIdentifier(kind, value as string)?.id).toBe(member.profileId);
  });

  it('applies a new profile, a change and a key rotation from the feed', async () => {
    const id = await under.admin.createProfile({ firstName: 'Saga', phone: '070-999 12 34', email: 'saga@example.com' });
    const existing = under.crm.demoMember(5).profileId;
    await under.admin.patchProfile(existing, { tier: 'platinum', points: 777 });
    const keysBefore = till.cache.memberKeys.list().map((k) => k.kid);
    await under.admin.rotateKeys(true);

    const status = await till.engine.syncNow();

    expect(status.cacheProfiles).toBe(MEMBERS + 1);
    expect(till.cache.profiles.findByIdentifier('phone', '+46709991234')).toMatchObject({ id, firstName: 'Saga', status: 'active' });
    expect(till.cache.profiles.findById(existing)).toMatchObject({ tier: 'platinum', pointsBalance: 777 });
    const keysAfter = till.cache.memberKeys.list().map((k) => k.kid);
    expect(keysAfter).toHaveLength(1);
    expect(keysBefore).not.toContain(keysAfter[0]);
  });

  it('a second sync with nothing new changes nothing', async () => {
    const before = till.engine.status();
    const after = await till.engine.syncNow();
    expect(after.cacheProfiles).toBe(before.cacheProfiles);
    expect(after.online).toBe(true);
  });
});
