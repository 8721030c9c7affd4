import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberCache } from '../../../sync/cache/memberCache';
import type { ReceiptRecord } from '../../../sync/cache/types';
import { crmProfile, email, manualClock, openTempCache, phone, tempDataDir } from './support/tempCache';

let temp: ReturnType<typeof tempDataDir>;
let cache: MemberCache;
const clock = manualClock();

beforeEach(() => {
  temp = tempDataDir();
  cache = openTempCache(temp.dir, clock.now);
});
afterEach(() => {
  cache.close();
  temp.cleanup();
});

function receipt(receiptId: string, profileId: string | null): ReceiptRecord {
  return { receiptId, profileId, createdAt: clock.now(), currency: 'SEK', totalMinor: 4990, body: { lines: [], payments: [] } };
}

describe('ProfileRepository: upsert and lookup', () => {
  beforeEach(() => {
    cache.profiles.upsertProfile(crmProfile('crm-1', { firstName: 'Anna' }), [phone('+46701234567'), email('anna@example.se')]);
    cache.profiles.upsertProfile(crmProfile('crm-2', { firstName: 'Erik' }), [phone('+46731112233')]);
  });

  it.each([
    ['phone', '+46701234567', 'crm-1'],
    ['email', 'anna@example.se', 'crm-1'],
    ['phone', '+46731112233', 'crm-2'],
    ['phone', '+46700000000', undefined],
    ['email', '+46701234567', undefined], // the same text under another kind is another identifier
  ] as const)('finds %s %s → %s', (kind, value, id) => {
    expect(cache.profiles.findByIdentifier(kind, value)?.id).toBe(id);
  });

  it('returns the profile as stored', () => {
    expect(cache.profiles.findById('crm-1')).toEqual(crmProfile('crm-1', { firstName: 'Anna' }));
    expect(cache.profiles.findById('nobody')).toBeUndefined();
    expect(cache.profiles.count()).toBe(2);
    expect(cache.profiles.identifierKinds('crm-1')).toEqual(['phone', 'email']);
  });

  it('replaces a profile’s identifiers on upsert: the old phone no longer finds it', () => {
    cache.profiles.upsertProfile(crmProfile('crm-1', { pointsBalance: 500 }), [phone('+46709999999')]);
    expect(cache.profiles.findByIdentifier('phone', '+46701234567')).toBeUndefined();
    expect(cache.profiles.findByIdentifier('email', 'anna@example.se')).toBeUndefined();
    expect(cache.profiles.findByIdentifier('phone', '+46709999999')).toMatchObject({ id: 'crm-1', pointsBalance: 500 });
    expect(cache.profiles.count()).toBe(2);
  });

  it('moves an identifier to the profile the CRM now says owns it', () => {
    cache.profiles.upsertProfile(crmProfile('crm-2'), [phone('+46731112233'), phone('+46701234567')]);
    expect(cache.profiles.findByIdentifier('phone', '+46701234567')?.id).toBe('crm-2');
    expect(cache.profiles.findByIdentifier('email', 'anna@example.se')?.id).toBe('crm-1');
  });

  it('skips an upsert whose source version is not newer than the stored one', () => {
    expect(cache.profiles.upsertProfile(crmProfile('crm-3', { tier: 'silver' }), [], { sourceVersion: 5 })).toBe('applied');
    expect(cache.profiles.upsertProfile(crmProfile('crm-3', { tier: 'bronze' }), [], { sourceVersion: 4 })).toBe('stale');
    expect(cache.profiles.upsertProfile(crmProfile('crm-3', { tier: 'bronze' }), [], { sourceVersion: 5 })).toBe('stale');
    expect(cache.profiles.findById('crm-3')?.tier).toBe('silver');
    expect(cache.profiles.upsertProfile(crmProfile('crm-3', { tier: 'gold' }), [], { sourceVersion: 6 })).toBe('applied');
    expect(cache.profiles.findById('crm-3')?.tier).toBe('gold');
  });
});

describe('ProfileRepository: sign-up at the till', () => {
  const signup = {
    firstName: 'Sara',
    identifiers: [phone('+46767654321'), email('sara@example.se')],
    consents: [
      { purpose: 'terms' as const, granted: true },
      { purpose: 'marketing_email' as const, granted: false },
    ],
    at: 1_764_000_000_000,
    source: 'till:T1',
  };

  it('creates a pending profile that is found at once, with its consents and a sign-up outbox item', () => {
    const result = cache.profiles.createPendingProfile(signup);
    expect(result.status).toBe('created');
    if (result.status !== 'created') return;
    expect(cache.profiles.findByIdentifier('phone', '+46767654321')).toEqual(result.profile);
    expect(result.profile).toMatchObject({ firstName: 'Sara', status: 'pending_sync', pointsBalance: 0 });
    expect(cache.consents.listFor(result.profile.id).map((c) => [c.purpose, c.granted, c.source])).toEqual([
      ['marketing_email', false, 'till:T1'],
      ['terms', true, 'till:T1'],
    ]);
    const [item] = cache.outbox.nextBatch(10);
    expect(item).toMatchObject({ id: result.outboxId, kind: 'signup', profileId: result.profile.id, state: 'pending' });
    expect(item?.payload).toMatchObject({ provisionalId: result.profile.id, identifiers: [{ kind: 'phone', value: '+46767654321' }, { kind: 'email', value: 'sara@example.se' }] });
  });

  it('writes nothing and returns the member when an identifier is already known', () => {
    cache.profiles.upsertProfile(crmProfile('crm-9'), [email('sara@example.se')]);
    const result = cache.profiles.createPendingProfile(signup);
    expect(result).toMatchObject({ status: 'exists', profile: { id: 'crm-9' } });
    expect(cache.profiles.findByIdentifier('phone', '+46767654321')).toBeUndefined();
    expect(cache.outbox.counts().pending).toBe(0);
  });

  it('re-points everything to the CRM id when the sign-up is answered', () => {
    const created = cache.profiles.createPendingProfile(signup);
    if (created.status !== 'created') throw new Error('expected a new profile');
    const provisional = created.profile.id;
    cache.receipts.enqueueReceipt(receipt('r-1', provisional));

    cache.profiles.repointProfileId(provisional, 'crm-77');

    expect(cache.profiles.findById(provisional)).toBeUndefined();
    expect(cache.profiles.findByIdentifier('phone', '+46767654321')).toMatchObject({ id: 'crm-77', status: 'active', firstName: 'Sara' });
    expect(cache.receipts.findById('r-1')?.profileId).toBe('crm-77');
    expect(cache.outbox.nextBatch(10).map((i) => i.profileId)).toEqual(['crm-77', 'crm-77']);
    expect(cache.consents.listFor('crm-77')).toHaveLength(2);
    expect(cache.consents.listFor(provisional)).toEqual([]);
  });

  it('merges into the CRM profile when the CRM already had this member', () => {
    cache.profiles.upsertProfile(crmProfile('crm-5', { firstName: 'Sara', tier: 'silver' }), [phone('+46700000005')]);
    const created = cache.profiles.createPendingProfile(signup);
    if (created.status !== 'created') throw new Error('expected a new profile');

    cache.profiles.repointProfileId(created.profile.id, 'crm-5');

    expect(cache.profiles.findByIdentifier('email', 'sara@example.se')).toMatchObject({ id: 'crm-5', tier: 'silver' });
    expect(cache.profiles.findByIdentifier('phone', '+46700000005')?.id).toBe('crm-5');
    expect(cache.profiles.count()).toBe(1);
  });
});

describe('ProfileRepository: erasure', () => {
  it('removes the person, unlinks their receipts, and keeps their queued outbox items for delivery', () => {
    cache.profiles.upsertProfile(crmProfile('crm-1'), [phone('+46701234567'), email('anna@example.se')]);
    cache.consents.recordAtTill({ profileId: 'crm-1', purpose: 'marketing_sms', granted: true, at: clock.now(), source: 'till:T1' });
    cache.receipts.enqueueReceipt(receipt('r-1', 'crm-1'));
    cache.receipts.enqueueReceipt(receipt('r-2', 'crm-2'));

    expect(cache.profiles.eraseProfile('crm-1')).toBe(true);

    expect(cache.profiles.findById('crm-1')).toBeUndefined();
    expect(cache.profiles.findByIdentifier('phone', '+46701234567')).toBeUndefined();
    expect(cache.db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(0);
    expect(cache.consents.listFor('crm-1')).toEqual([]);
    expect(cache.receipts.findById('r-1')).toMatchObject({ profileId: null, totalMinor: 4990 });
    expect(cache.receipts.findById('r-2')?.profileId).toBe('crm-2');
    const pending = cache.outbox.nextBatch(10);
    expect(pending.map((i) => [i.kind, i.profileId, i.state])).toEqual([
      ['consent', null, 'pending'],
      ['receipt', null, 'pending'],
      ['receipt', 'crm-2', 'pending'],
    ]);
  });

  it('unlinks receipts even for a profile the cache never had, and says it was not there', () => {
    cache.receipts.enqueueReceipt(receipt('r-1', 'crm-gone'));
    expect(cache.profiles.eraseProfile('crm-gone')).toBe(false);
    expect(cache.receipts.findById('r-1')?.profileId).toBeNull();
  });
});

describe('ProfileRepository: merge', () => {
  beforeEach(() => {
    cache.profiles.upsertProfile(crmProfile('A', { firstName: 'Anna' }), [phone('+46701111111'), email('a@example.se')]);
    cache.profiles.upsertProfile(crmProfile('B', { firstName: 'Anna-Karin' }), [phone('+46702222222')]);
  });

  it('makes A’s identifiers find B, moves A’s receipts and pending outbox items to B, and removes A', () => {
    cache.receipts.enqueueReceipt(receipt('r-a', 'A'));
    cache.receipts.enqueueReceipt(receipt('r-b', 'B'));
    cache.outbox.markDelivered([cache.outbox.nextBatch(1)[0]!.id]); // r-a was delivered earlier: history follows too

    cache.profiles.mergeProfile('A', 'B');

    expect(cache.profiles.findByIdentifier('phone', '+46701111111')?.id).toBe('B');
    expect(cache.profiles.findByIdentifier('email', 'a@example.se')?.id).toBe('B');
    expect(cache.profiles.findByIdentifier('phone', '+46702222222')?.id).toBe('B');
    expect(cache.profiles.findById('A')).toBeUndefined();
    expect(cache.profiles.findById('B')?.firstName).toBe('Anna-Karin');
    expect(cache.receipts.listForProfile('B').map((r) => r.receiptId).sort()).toEqual(['r-a', 'r-b']);
    expect(cache.outbox.nextBatch(10).map((i) => i.profileId)).toEqual(['B']);
    expect(cache.profiles.count()).toBe(1);
  });

  it('keeps the newer consent decision per purpose', () => {
    cache.consents.mirrorFromCrm('A', [
      { purpose: 'marketing_email', granted: true, at: 2000, source: 'crm' },
      { purpose: 'terms', granted: true, at: 1000, source: 'crm' },
    ]);
    cache.consents.mirrorFromCrm('B', [
      { purpose: 'marketing_email', granted: false, at: 1000, source: 'crm' },
      { purpose: 'terms', granted: true, at: 3000, source: 'crm' },
    ]);
    cache.profiles.mergeProfile('A', 'B');
    expect(cache.consents.listFor('B').map((c) => [c.purpose, c.granted, c.at])).toEqual([
      ['marketing_email', true, 2000],
      ['terms', true, 3000],
    ]);
    expect(cache.consents.listFor('A')).toEqual([]);
  });

  it('renames A to B when B is not in the cache yet', () => {
    cache.profiles.mergeProfile('A', 'C');
    expect(cache.profiles.findByIdentifier('phone', '+46701111111')).toMatchObject({ id: 'C', firstName: 'Anna' });
    expect(cache.profiles.findById('A')).toBeUndefined();
  });

  it('is a no-op for a profile merged into itself', () => {
    cache.profiles.mergeProfile('A', 'A');
    expect(cache.profiles.findByIdentifier('phone', '+46701111111')?.id).toBe('A');
  });
});
