import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../hub/db/sql';
import { parseColumnOverride } from '../../hub/import/contactColumns';
import { importMemberFile } from '../../hub/import/importMemberFile';
import type { BadRow, MemberFileImportOptions } from '../../hub/import/importMemberFile';
import { HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';

const HEADER = 'id,contactType,firstName,lastName,email,mobilePhone,memberNumber,points,tier,socialSecurityNumber';

/** Contact `i` of a Voyado-shaped export: identifiers written the way people write them, not normalised. */
function contact(i: number): { id: string; firstName: string; lastName: string; email: string; mobilePhone: string; memberNumber: string; points: number } {
  const digits = String(1_000_000 + i).slice(-7);
  return {
    id: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    firstName: `Anna${i}`,
    lastName: `Svensson${i}`,
    email: ` Anna.Svensson${i}@Example.SE `,
    mobilePhone: `070-${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`,
    memberNumber: `m-${i}`,
    points: i * 10,
  };
}
const e164 = (i: number): string => `+4670${String(1_000_000 + i).slice(-7)}`;
const csvLine = (i: number): string => {
  const c = contact(i);
  return `${c.id},Member,${c.firstName},${c.lastName},${c.email},${c.mobilePhone},${c.memberNumber},${c.points},gold,19900101-1234`;
};
const jsonLine = (i: number): string => {
  const c = contact(i);
  return JSON.stringify({
    id: c.id, contactType: 'Member',
    attributes: { firstName: c.firstName, lastName: c.lastName, email: c.email, mobilePhone: c.mobilePhone, memberNumber: c.memberNumber, bonusPoints: c.points },
    preferences: { acceptsEmail: true }, consents: [],
  });
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** When every export here was made: points are as of the file's time, and a re-export of the same data is unchanged. */
const EXPORTED_AT = new Date('2026-11-30T22:00:00Z');

async function file(name: string, lines: string[]): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, `${lines.join('\n')}\n`);
  await utimes(at, EXPORTED_AT, EXPORTED_AT);
  return at;
}

/** A PGlite hub starts in seconds alone, and in a minute or more on a loaded 2-core machine: a slow start is not a defect. */
const SLOW_MACHINE_MS = 240_000;

describe.each(HUB_ENGINES)('importing a contact export into the hub on %s', { timeout: SLOW_MACHINE_MS }, (engine) => {
  let under: HubUnderTest;
  beforeEach(async () => {
    under = await startHub(engine);
  }, SLOW_MACHINE_MS);
  afterEach(async () => {
    await under?.close();
  });

  const run = (options: MemberFileImportOptions) => importMemberFile(under.hub.parts, { chunkRows: 7, ...options });
  const count = async (table: string): Promise<number> => (await under.hub.parts.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;
  const identifiersOf = async (profileId: string): Promise<string[]> =>
    (await under.hub.parts.db.query<{ kind: string; value: string }>('SELECT kind, value FROM identifiers WHERE profile_id = $1 ORDER BY kind', [profileId])).map((r) => `${r.kind}:${r.value}`);

  it('imports a CSV in chunks, identifiers normalised as the mirror does, every member fed as a change', async () => {
    const csv = await file(`members-${engine}.csv`, [HEADER, ...Array.from({ length: 30 }, (_, i) => csvLine(i))]);

    const summary = await run({ file: csv });

    expect(summary).toMatchObject({ format: 'csv', rows: 30, badRows: 0, inserted: 30, updated: 0, unchanged: 0, chunks: 5 });
    expect(await count('profiles')).toBe(30);
    expect(await count('member_import_rows')).toBe(0);
    const c = contact(17);
    expect(await identifiersOf(c.id)).toEqual([`email:anna.svensson17@example.se`, 'member_number:M-17', `phone:${e164(17)}`]);
    const state = await under.hub.parts.mirror.get(under.hub.parts.db, c.id);
    expect(state).toMatchObject({ firstName: 'Anna17', displayName: 'Anna17 S.', tier: 'gold', pointsBalance: 170, pointsAsOf: EXPORTED_AT.getTime() });
    expect(await under.hub.parts.mirror.lastName(under.hub.parts.db, c.id)).toBe('Svensson17');
    const fed = await under.hub.parts.feed.page(under.hub.parts.db, 0, 100);
    expect(fed.filter((e) => e.type === 'upsert').map((e) => e.profileId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => contact(i).id).sort());
  });

  it('imports Voyado JSONL contacts (attributes), with --map naming a column of its own', async () => {
    const jsonl = await file(`members-${engine}.jsonl`, [...Array.from({ length: 10 }, (_, i) => jsonLine(i)), '', JSON.stringify({ id: 'kund-1', attributes: { kundnummer: 'k-77', firstName: 'Kim' } })]);

    const summary = await run({ file: jsonl, columns: [parseColumnOverride('kundnummer=memberNumber')] });

    expect(summary).toMatchObject({ format: 'jsonl', rows: 11, badRows: 0, inserted: 11 });
    expect(await identifiersOf('kund-1')).toEqual(['member_number:K-77']);
    // memberNumber now comes from kundnummer only: the contacts' own memberNumber attribute feeds nothing.
    expect(await identifiersOf(contact(3).id)).toEqual([`email:anna.svensson3@example.se`, `phone:${e164(3)}`]);
    expect(await under.hub.parts.mirror.get(under.hub.parts.db, contact(3).id)).toMatchObject({ pointsBalance: 30 });
  });

  it('reports bad rows by line and reason, without their personal data, and imports the rest', async () => {
    const lines = [
      HEADER,
      csvLine(0),
      ',Member,Nameless,,no-id@example.se,,,,,', // line 3: no id
      `${contact(2).id},Member,Anna,S,anna@example.se,070-12,,,,`, // line 4: a phone too short
      `${contact(3).id},Member,Anna,S,not-an-email,,,,,`, // line 5
      `${contact(4).id},Member,Anna,S,,,,lots,,`, // line 6: points not a number
      `${contact(5).id},Member,"Anna,S,,,,,,`, // line 7: a quote never closed… swallows the rest of the file
    ];
    const csv = await file(`bad-${engine}.csv`, lines);
    const bad: BadRow[] = [];

    const summary = await run({ file: csv, onBadRow: (b) => bad.push(b) });

    expect(summary).toMatchObject({ inserted: 1, badRows: 5 });
    expect(bad.map((b) => b.line)).toEqual([3, 4, 5, 6, 7]);
    expect(bad[0]?.reason).toBe('id: missing');
    expect(bad[1]?.reason).toMatch(/^mobilePhone: not a valid phone number/);
    expect(bad[2]?.reason).toMatch(/^email: /);
    expect(bad[3]?.reason).toMatch(/^points: /);
    expect(bad[4]?.reason).toMatch(/^malformed CSV \(CSV_QUOTE_NOT_CLOSED\)/);
    const reasons = bad.map((b) => b.reason).join('\n');
    for (const secret of ['070-12', 'not-an-email', 'no-id@example.se', 'lots', 'Anna']) expect(reasons).not.toContain(secret);
    expect(await count('profiles')).toBe(1);

    const jsonl = await file(`bad-${engine}.jsonl`, [jsonLine(20), '{"id": "x", "attributes": {"email": "secret@exa', '[1,2]', JSON.stringify({ id: 'y', attributes: { mobilePhone: '+999 123' } }), jsonLine(21)]);
    const jsonBad: BadRow[] = [];
    expect(await run({ file: jsonl, onBadRow: (b) => jsonBad.push(b) })).toMatchObject({ inserted: 2, badRows: 3 });
    expect(jsonBad).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not a JSON object (a contact)' },
      { line: 4, reason: 'mobilePhone: not a valid phone number (default region SE)' },
    ]);
  });

  it('refuses a CSV whose header names no contact id before importing anything', async () => {
    const csv = await file(`noid-${engine}.csv`, ['kund,firstName', 'a,Anna']);
    await expect(run({ file: csv })).rejects.toThrow(/no column is the contact id/);
    await expect(run({ file: csv, columns: [parseColumnOverride('kund=id')] })).resolves.toMatchObject({ inserted: 1 });
  });

  it('is an upsert: the same file again changes nothing and feeds nothing; a changed row is fed once', async () => {
    const lines = [HEADER, ...Array.from({ length: 20 }, (_, i) => csvLine(i))];
    const csv = await file(`rerun-${engine}.csv`, lines);
    await run({ file: csv });
    const head = await under.hub.parts.feed.head(under.hub.parts.db);

    const again = await run({ file: csv });

    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 20, oneByOne: 0 });
    expect(await under.hub.parts.feed.head(under.hub.parts.db)).toBe(head);
    expect([await count('profiles'), await count('identifiers')]).toEqual([20, 60]);

    lines[5] = (lines[5] as string).replace(',40,gold,', ',41,gold,');
    const changed = await file(`rerun-${engine}.csv`, lines);
    const third = await run({ file: changed });
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 19 });
    expect(await under.hub.parts.feed.head(under.hub.parts.db)).toBe(head + 1);
    expect([await count('profiles'), await count('identifiers')]).toEqual([20, 60]);
  });

  it('gives an identifier named twice to the later row, and moves one another profile held', async () => {
    const { db, mirror } = under.hub.parts;
    const now = Date.now();
    await writeTransaction(db, (tx) => mirror.upsert(tx, {
      profileId: 'old-profile', firstName: 'Old', lastName: null, displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null,
      identifiers: [['email', 'shared@example.se'], ['phone', '+46701111111']],
    }, now));
    const csv = await file(`contested-${engine}.csv`, [
      'id,email,mobilePhone,firstName',
      'a,twice@example.se,,A', 'b,TWICE@example.se,,B', // the same e-mail in two rows of one chunk
      'c,shared@example.se,,C', // held by old-profile
      'd,,,D', 'd,,0702222222,D', // one member twice: the later row wins
    ]);

    const summary = await run({ file: csv });

    expect(summary).toMatchObject({ oneByOne: 3, superseded: 1, badRows: 0 });
    expect(await mirror.findByIdentifier(db, 'email', 'twice@example.se')).toBe('b');
    expect(await identifiersOf('a')).toEqual([]);
    expect(await mirror.findByIdentifier(db, 'email', 'shared@example.se')).toBe('c');
    expect((await mirror.get(db, 'old-profile'))?.identifiers).toEqual([['phone', '+46701111111']]);
    expect(await identifiersOf('d')).toEqual(['phone:+46702222222']);
    expect((await mirror.get(db, 'a'))?.identifiers).toEqual([]);
  });

  it('settles contested identifiers of several kinds in one chunk, each member keeping its uncontested ones', async () => {
    const { db, feed, mirror } = under.hub.parts;
    await writeTransaction(db, (tx) => mirror.upsert(tx, {
      profileId: 'old-profile', firstName: 'Old', lastName: null, displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null,
      identifiers: [['email', 'old@example.se'], ['phone', '+46701111111']],
    }, Date.now()));
    const before = await feed.head(db);
    const csv = await file(`kinds-${engine}.csv`, [
      'id,email,mobilePhone,memberNumber,firstName',
      'x,ex@example.se,0701111111,m-x,X', // takes old-profile's phone; its e-mail is named again by z
      'y,ey@example.se,0703333333,m-y,Y', // contests nothing
      'z,EX@example.se,0704444444,m-z,Z', // the later row naming ex@: it wins the e-mail
    ]);

    const summary = await run({ file: csv });

    expect(summary).toMatchObject({ inserted: 3, oneByOne: 2, badRows: 0 });
    expect(await identifiersOf('x')).toEqual(['member_number:M-X', 'phone:+46701111111']);
    expect(await identifiersOf('y')).toEqual(['email:ey@example.se', 'member_number:M-Y', 'phone:+46703333333']);
    expect(await identifiersOf('z')).toEqual(['email:ex@example.se', 'member_number:M-Z', 'phone:+46704444444']);
    expect(await identifiersOf('old-profile')).toEqual(['email:old@example.se']);
    expect((await mirror.get(db, 'old-profile'))?.identifiers).toEqual([['email', 'old@example.se']]);
    expect((await mirror.get(db, 'x'))?.identifiers.map(([kind]) => kind).sort()).toEqual(['member_number', 'phone']);
    expect(await count('identifiers')).toBe(9);
    // old-profile lost its phone: the tills hear of it.
    const fed = (await feed.pageAfter(db, before, 100))?.entries.map((e) => e.profileId);
    expect(fed).toContain('old-profile');
  });

  it('re-runs safely after an import died mid-way (staging rows left behind, some chunks merged)', async () => {
    const lines = [HEADER, ...Array.from({ length: 21 }, (_, i) => csvLine(i))];
    const csv = await file(`killed-${engine}.csv`, lines);
    // What a kill -9 after the first chunk leaves: 7 members merged, the next chunk's rows staged but not merged.
    await run({ file: await file(`first-chunk-${engine}.csv`, lines.slice(0, 8)) });
    await under.hub.parts.db.query(
      `INSERT INTO member_import_rows (chunk, n, profile_id, last_name, row_json) VALUES (2, 8, 'stale', NULL, '["stale",null,null,null,0,null,"active",[]]')`,
    );

    const summary = await run({ file: csv });

    expect(summary).toMatchObject({ inserted: 14, unchanged: 7 });
    expect(await count('profiles')).toBe(21);
    expect(await count('member_import_rows')).toBe(0);
    expect(await under.hub.parts.mirror.get(under.hub.parts.db, 'stale')).toBeNull();
  });

  it('serves the members of each merged chunk as deltas to a till while the import goes on', async () => {
    const till = await tillOnHub(under.hub);
    try {
      await till.engine.syncNow();
      const csv = await file(`live-${engine}.csv`, [HEADER, ...Array.from({ length: 30 }, (_, i) => csvLine(i))]);
      const seenMidway: number[] = [];

      const summary = await run({
        file: csv,
        chunkRows: 10,
        onProgress: async (progress) => {
          if (progress.inserted !== 10) return;
          // The import waits here, between its first and second chunk: the till pulls meanwhile.
          await till.engine.syncNow();
          seenMidway.push(till.cache.db.prepare('SELECT count(*) FROM profiles').pluck().get() as number);
        },
      });

      expect(summary.inserted).toBe(30);
      expect(seenMidway).toEqual([10]);
      expect(till.cache.profiles.findByIdentifier('phone', e164(4))?.id).toBe(contact(4).id);
      await till.engine.syncNow();
      expect(till.cache.db.prepare('SELECT count(*) FROM profiles').pluck().get()).toBe(30);
      expect(till.cache.profiles.findByIdentifier('email', 'anna.svensson29@example.se')?.id).toBe(contact(29).id);
      expect(till.cache.profiles.findByIdentifier('member_number', 'M-29')?.id).toBe(contact(29).id);
    } finally {
      await till.close();
    }
  });

  it('lets one import run at a time', async () => {
    const csv = await file(`one-${engine}.csv`, [HEADER, ...Array.from({ length: 30 }, (_, i) => csvLine(i))]);
    let second: Promise<unknown> | undefined;
    await run({
      file: csv,
      onProgress: () => {
        second ??= run({ file: csv });
        return second.then(() => undefined, () => undefined);
      },
    });
    await expect(second).rejects.toThrow(/another import into this database is running/);
  });
});
