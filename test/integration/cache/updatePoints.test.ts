import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { crmProfile, email, manualClock, openTempCache, phone, tempDataDir } from './support/tempCache';

let temp: ReturnType<typeof tempDataDir>;
let cache: MemberCache;
const clock = manualClock();
const STORED_AS_OF = 1_764_000_000_000;

beforeEach(() => {
  temp = tempDataDir();
  cache = openTempCache(temp.dir, clock.now);
  cache.profiles.upsertProfile(crmProfile('crm-1', { pointsBalance: 500, pointsAsOf: STORED_AS_OF }), [phone('+46701234567'), email('anna@example.se')], { sourceVersion: 7 });
});
afterEach(() => {
  cache.close();
  temp.cleanup();
});

describe('ProfileRepository.updatePoints: a balance the CRM confirmed (a redemption)', () => {
  it('stores the new balance and keeps every identifier', () => {
    expect(cache.profiles.updatePoints('crm-1', 380, STORED_AS_OF + 60_000)).toBe(true);
    expect(cache.profiles.findById('crm-1')).toMatchObject({ pointsBalance: 380, pointsAsOf: STORED_AS_OF + 60_000, firstName: 'Anna' });
    expect(cache.profiles.findByIdentifier('phone', '+46701234567')?.id).toBe('crm-1');
    expect(cache.profiles.findByIdentifier('email', 'anna@example.se')?.id).toBe('crm-1');
    expect(cache.profiles.identifierKinds('crm-1')).toEqual(['phone', 'email']);
  });

  it.each([
    ['older than the stored balance', STORED_AS_OF - 1, false, 500],
    ['as old as the stored balance', STORED_AS_OF, true, 42],
    ['newer', STORED_AS_OF + 1, true, 42],
  ])('a balance %s is %s', (_what, asOf, stored, expected) => {
    expect(cache.profiles.updatePoints('crm-1', 42, asOf)).toBe(stored);
    expect(cache.profiles.findById('crm-1')?.pointsBalance).toBe(expected);
  });

  it('changes nothing for a profile not in the cache', () => {
    expect(cache.profiles.updatePoints('crm-unknown', 1, STORED_AS_OF + 1)).toBe(false);
    expect(cache.profiles.count()).toBe(1);
  });

  it('leaves the source version alone, so the CRM’s next upsert still applies', () => {
    cache.profiles.updatePoints('crm-1', 380, STORED_AS_OF + 60_000);
    const next = crmProfile('crm-1', { pointsBalance: 380, pointsAsOf: STORED_AS_OF + 60_000, tier: 'silver' });
    expect(cache.profiles.upsertProfile(next, [phone('+46701234567'), email('anna@example.se')], { sourceVersion: 8 })).toBe('applied');
    expect(cache.profiles.upsertProfile(next, [phone('+46701234567')], { sourceVersion: 7 })).toBe('stale');
    expect(cache.profiles.findById('crm-1')?.tier).toBe('silver');
  });
});
