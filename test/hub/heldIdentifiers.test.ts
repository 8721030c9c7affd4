// A profile's identifiers are found through its row (hub/mirror/heldIdentifiers.ts; the identifiers table has no index
// by profile): every way the mirror is written keeps the table and the rows in agreement, and an identifier a profile
// let go of is found no more.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importMemberBatch } from '../../hub/connectors/importMembers';
import type { ConnectorMember } from '../../hub/connectors/crmConnector';
import { writeTransaction } from '../../hub/db/sql';
import { importMemberFile } from '../../hub/import/importMemberFile';
import { HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { mirrorDisagreements } from './support/mirrorAgreement';

const SLOW_MACHINE_MS = 240_000;
const NOW = Date.parse('2026-12-01T10:00:00Z');

function member(id: string, identifiers: ConnectorMember['identifiers']): ConnectorMember {
  return { profileId: id, firstName: 'Anna', lastName: 'Svensson', displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null, identifiers };
}

describe.each(HUB_ENGINES)('a profile\'s identifiers, found through its row, on %s', { timeout: SLOW_MACHINE_MS }, (engine) => {
  let under: HubUnderTest;
  let dir: string;
  beforeEach(async () => {
    under = await startHub(engine);
    dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-held-'));
  }, SLOW_MACHINE_MS);
  afterEach(async () => {
    await under?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const write = <T>(work: Parameters<typeof writeTransaction<T>>[1]) => writeTransaction(under.hub.parts.db, work);
  const holder = (kind: 'phone' | 'email' | 'card' | 'member_number', value: string) => under.hub.parts.mirror.findByIdentifier(under.hub.parts.db, kind, value);
  const agree = async () => expect(await mirrorDisagreements(under.hub.parts.db)).toEqual([]);

  it('stay in agreement through upserts, a moved identifier, save, merge and erase', async () => {
    const { mirror } = under.hub.parts;
    await write((tx) => mirror.upsert(tx, member('p-a', [['phone', '+46701110001'], ['email', 'a@example.se']]), NOW));
    await write((tx) => mirror.upsert(tx, member('p-b', [['phone', '+46701110002'], ['card', '0401234567893']]), NOW));
    await agree();

    // A's new set: the e-mail goes, a member number comes, and B's card moves to A.
    await write((tx) => mirror.upsert(tx, member('p-a', [['phone', '+46701110001'], ['member_number', 'M1'], ['card', '0401234567893']]), NOW));
    await agree();
    expect(await holder('email', 'a@example.se')).toBeNull();
    expect(await holder('card', '0401234567893')).toBe('p-a');
    expect((await mirror.get(under.hub.parts.db, 'p-b'))?.identifiers).toEqual([['phone', '+46701110002']]);

    const b = await mirror.get(under.hub.parts.db, 'p-b');
    await write((tx) => mirror.save(tx, { ...b!, identifiers: [['email', 'b@example.se']] }, NOW));
    await agree();
    expect(await holder('phone', '+46701110002')).toBeNull();

    const local = await write((tx) => mirror.createLocal(tx, { firstName: 'Cecilia', lastName: null, displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null, identifiers: [['phone', '+46701110003']] }, NOW));
    await agree();

    expect(await write((tx) => mirror.merge(tx, 'p-b', local, NOW))).toBe('merged');
    await agree();
    expect(await holder('email', 'b@example.se')).toBe(local);

    expect(await write((tx) => mirror.erase(tx, 'p-a', NOW))).toBe(true);
    await agree();
    expect(await holder('phone', '+46701110001')).toBeNull();
    expect(await holder('card', '0401234567893')).toBeNull();
    const [{ n }] = await under.hub.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM identifiers WHERE profile_id = 'p-a'") as [{ n: number }];
    expect(n).toBe(0);
  });

  it('stay in agreement when a connector\'s batch and a member file change what members hold', async () => {
    const { db, mirror, feed } = under.hub.parts;
    await importMemberBatch(db, mirror, feed, [member('p-1', [['phone', '+46702220001'], ['email', 'one@example.se']]), member('p-2', [['phone', '+46702220002']])], NOW);
    // Re-imported: p-1 drops its e-mail and takes p-2's phone; p-2 gets a new one.
    await importMemberBatch(db, mirror, feed, [member('p-1', [['phone', '+46702220002']]), member('p-2', [['phone', '+46702220003']])], NOW);
    await agree();
    expect(await holder('email', 'one@example.se')).toBeNull();
    expect(await holder('phone', '+46702220001')).toBeNull();
    expect(await holder('phone', '+46702220002')).toBe('p-1');

    // A member file that changes p-2 (a new e-mail, the phone gone) and adds p-3.
    const csv = path.join(dir, 'members.csv');
    await writeFile(csv, [
      'id,contactType,firstName,lastName,email,mobilePhone,memberNumber,points,tier,socialSecurityNumber',
      'p-2,Member,Anna,Svensson,two@example.se,,M2,0,,',
      'p-3,Member,Bo,Ek,,070-222 00 04,M3,0,,',
    ].join('\n'));
    const summary = await importMemberFile(under.hub.parts, { file: csv });
    expect(summary).toMatchObject({ inserted: 1, updated: 1 });
    await agree();
    expect(await holder('phone', '+46702220003')).toBeNull();
    expect(await holder('email', 'two@example.se')).toBe('p-2');
    expect(await holder('phone', '+46702220004')).toBe('p-3');
  });
});
