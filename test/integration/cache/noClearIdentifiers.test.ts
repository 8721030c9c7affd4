import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulkLoadProfiles } from '../../../sync/cache/bulkLoadProfiles';
import type { MemberCache } from '../../../sync/cache/memberCache';
import { testEmail, testPage, testPhone } from './support/memberPages';
import { crmProfile, email, phone } from './support/tempCache';
import { freshCacheEachTest, type TempDataDir } from './support/freshCacheEachTest';

let temp: TempDataDir;
let cache: MemberCache;
freshCacheEachTest((fresh) => ({ temp, cache } = fresh), () => cache);

/** Every byte the cache has on disk: the database, its WAL and shared memory file, whatever else sits there. */
function diskBytes(): string {
  return readdirSync(temp.dir)
    .filter((f) => f.startsWith('cache.db'))
    .map((f) => readFileSync(path.join(temp.dir, f)).toString('latin1'))
    .join('\n');
}

/** The forms a phone number could leak in: E.164, without the plus, national. */
function forms(e164: string): string[] {
  return [e164, e164.slice(1), `0${e164.slice(3)}`];
}

describe('no identifier is stored in clear', () => {
  it('keeps phones and emails out of the files after upserts and a bulk load', async () => {
    const clear: string[] = [];
    await bulkLoadProfiles(cache.db, cache.hashKey, [testPage(0, 200)]);
    for (let i = 0; i < 200; i += 37) clear.push(...forms(testPhone(i)), testEmail(i));
    cache.profiles.upsertProfile(crmProfile('crm-a'), [phone('+46701112233'), email('anna.svensson@example.se')]);
    clear.push(...forms('+46701112233'), 'anna.svensson@example.se');

    const bytes = diskBytes();
    expect(clear.filter((value) => bytes.includes(value))).toEqual([]);
    expect(cache.profiles.findByIdentifier('phone', '+46701112233')?.id).toBe('crm-a');
    expect(cache.profiles.findByIdentifier('email', testEmail(74))?.id).toBe('crm-74');
  });

  it('keeps a sign-up’s clear phone and email only until the CRM has them', () => {
    const signup = cache.profiles.createPendingProfile({ firstName: 'Sara', identifiers: [phone('+46765554433'), email('sara.berg@example.se')], consents: [], at: 1, source: 'till:T1' });
    if (signup.status !== 'created') throw new Error('expected a sign-up');
    // Control: until the CRM has it, the sign-up carries the phone in clear, so the scan can see one.
    expect(diskBytes()).toContain('+46765554433');

    cache.outbox.markDelivered([signup.outboxId]);

    const bytes = diskBytes();
    expect([...forms('+46765554433'), 'sara.berg@example.se'].filter((value) => bytes.includes(value))).toEqual([]);
    expect(cache.profiles.findByIdentifier('email', 'sara.berg@example.se')?.id).toBe(signup.profile.id);
  });

  it('leaves nothing readable of an erased person', () => {
    cache.profiles.upsertProfile(crmProfile('crm-erased', { firstName: 'Ingrid', displayName: 'Ingrid Q.' }), [phone('+46709998877')]);
    cache.profiles.upsertProfile(crmProfile('crm-kept', { firstName: 'Kerstin' }), [phone('+46709998878')]);
    expect(diskBytes()).toContain('Ingrid');

    cache.profiles.eraseProfile('crm-erased');

    expect(diskBytes()).not.toContain('Ingrid');
    expect(cache.profiles.findById('crm-kept')?.firstName).toBe('Kerstin');
  });
});
