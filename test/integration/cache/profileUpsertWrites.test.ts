import { beforeEach, describe, expect, it } from 'vitest';
import type { MemberCache } from '../../../sync/cache/memberCache';
import type { ClearIdentifier } from '../../../sync/cache/types';
import { crmProfile, email, phone } from './support/tempCache';
import { freshCacheEachTest } from './support/freshCacheEachTest';

// An upsert writes only the identifiers that changed: most CRM changes (points, tier, a name) keep every identifier,
// and rewriting them scatters writes over the hash index at a million members. Temporary triggers record every
// write to `identifiers` so each case can say exactly which rows it touched.

let cache: MemberCache;

const ANNA = [phone('+46701234567'), email('anna@example.se')];
const ERIK = [phone('+46731112233'), email('erik@example.se')];

freshCacheEachTest((fresh) => (cache = fresh.cache), () => cache);
beforeEach(() => {
  cache.profiles.upsertProfile(crmProfile('crm-1', { firstName: 'Anna' }), ANNA, { sourceVersion: 1 });
  cache.profiles.upsertProfile(crmProfile('crm-2', { firstName: 'Erik' }), ERIK, { sourceVersion: 1 });
  cache.db.exec(`
    CREATE TEMP TABLE identifier_writes (op TEXT NOT NULL, hash BLOB NOT NULL);
    CREATE TEMP TRIGGER log_insert AFTER INSERT ON main.identifiers BEGIN INSERT INTO identifier_writes VALUES ('insert', new.hash); END;
    CREATE TEMP TRIGGER log_delete AFTER DELETE ON main.identifiers BEGIN INSERT INTO identifier_writes VALUES ('delete', old.hash); END;
    CREATE TEMP TRIGGER log_update AFTER UPDATE ON main.identifiers BEGIN INSERT INTO identifier_writes VALUES ('update', new.hash); END;
  `);
});

/** The writes to `identifiers` since the last call, as `op kind:value` (values resolved through the hasher). */
function writesSinceLastCall(): string[] {
  const known = [...ANNA, ...ERIK, phone('+46709999999'), email('anna.new@example.se')];
  const names = new Map(known.map((i) => [cache.hasher.hash(i.kind, i.value).toString('hex'), `${i.kind}:${i.value}`]));
  const rows = cache.db.prepare('SELECT op, hash FROM identifier_writes ORDER BY rowid').all() as Array<{ op: string; hash: Buffer }>;
  cache.db.exec('DELETE FROM identifier_writes');
  return rows.map((r) => `${r.op} ${names.get(r.hash.toString('hex')) ?? '?'}`);
}

function owner(identifier: ClearIdentifier): string | undefined {
  return cache.profiles.findByIdentifier(identifier.kind, identifier.value)?.id;
}

describe('ProfileRepository.upsertProfile writes only the identifiers that changed', () => {
  it.each<[string, ClearIdentifier[], string[]]>([
    ['the same identifiers', ANNA, []],
    ['the same identifiers in another order', [ANNA[1]!, ANNA[0]!], []],
    ['the same identifier twice', [ANNA[0]!, ANNA[1]!, ANNA[0]!], []],
    ['one identifier changed', [ANNA[0]!, email('anna.new@example.se')], ['delete email:anna@example.se', 'insert email:anna.new@example.se']],
    ['one identifier removed', [ANNA[0]!], ['delete email:anna@example.se']],
    ['one identifier added', [...ANNA, phone('+46709999999')], ['insert phone:+46709999999']],
    ['every identifier removed', [], ['delete phone:+46701234567', 'delete email:anna@example.se']],
  ])('%s', (_case, identifiers, writes) => {
    expect(cache.profiles.upsertProfile(crmProfile('crm-1', { pointsBalance: 999 }), identifiers, { sourceVersion: 2 })).toBe('applied');
    expect(writesSinceLastCall()).toEqual(writes);
    // And the profile ends with exactly those identifiers, each found, the profile row updated.
    expect(cache.profiles.findById('crm-1')?.pointsBalance).toBe(999);
    for (const identifier of identifiers) expect(owner(identifier)).toBe('crm-1');
    const distinct = new Set(identifiers.map((i) => `${i.kind}:${i.value}`)).size;
    expect(cache.db.prepare(`SELECT count(*) FROM identifiers i JOIN profiles p ON p.pk = i.profile_pk WHERE p.id = 'crm-1'`).pluck().get()).toBe(distinct);
    for (const gone of ANNA.filter((a) => !identifiers.some((i) => i.kind === a.kind && i.value === a.value))) expect(owner(gone)).toBeUndefined();
    // Erik is untouched.
    for (const identifier of ERIK) expect(owner(identifier)).toBe('crm-2');
  });

  it('moves an identifier another profile holds, and only that one', () => {
    cache.profiles.upsertProfile(crmProfile('crm-1'), [...ANNA, ERIK[0]!], { sourceVersion: 2 });
    expect(writesSinceLastCall()).toEqual(['delete phone:+46731112233', 'insert phone:+46731112233']);
    expect(owner(ERIK[0]!)).toBe('crm-1');
    expect(owner(ERIK[1]!)).toBe('crm-2');
    expect(cache.profiles.identifierKinds('crm-2')).toEqual(['email']);
    expect(cache.db.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(4);
  });

  it('writes nothing at all for a stale upsert', () => {
    expect(cache.profiles.upsertProfile(crmProfile('crm-1', { pointsBalance: 1 }), [phone('+46709999999')], { sourceVersion: 1 })).toBe('stale');
    expect(writesSinceLastCall()).toEqual([]);
    expect(owner(ANNA[0]!)).toBe('crm-1');
    expect(cache.profiles.findById('crm-1')?.pointsBalance).toBe(120);
  });

  it('drops a duplicate row a replayed bootstrap page left for the profile, keeping one', () => {
    const pk = cache.db.prepare(`SELECT pk FROM profiles WHERE id = 'crm-1'`).pluck().get() as number;
    cache.db.exec('DROP INDEX identifiers_hash'); // as during a bootstrap
    cache.db.prepare('INSERT INTO identifiers (hash, kind, profile_pk) VALUES (?, 1, ?)').run(cache.hasher.hash('phone', ANNA[0]!.value), pk);
    writesSinceLastCall();
    cache.profiles.upsertProfile(crmProfile('crm-1'), ANNA, { sourceVersion: 2 });
    expect(writesSinceLastCall()).toEqual(['delete phone:+46701234567']);
    expect(cache.db.prepare('SELECT count(*) FROM identifiers WHERE profile_pk = ?').pluck().get(pk)).toBe(2);
    expect(owner(ANNA[0]!)).toBe('crm-1');
  });
});
