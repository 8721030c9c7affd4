import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { importMemberBatch } from '../../hub/connectors/importMembers';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { HUB_ENGINES, hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';

/** Members 0, 1, 3, 10 and 999 of seed 7 as the SQLite emulated CRM (removed) made them before the hub replaced it. */
const EMULATED_CRM_SEED_7 = [
  {'index':  0, 'profileId':  'P00000001', 'firstName':  'Sofia', 'lastName':  'Gustafsson', 'displayName':  'Sofia G.', 'tier':  'member', 'points':  4954, 'pointsAsOf':  1759622400000, 'phone':  '+46705475183', 'phoneLocal':  '070-547 51 83', 'email':  'sofia.gustafsson1@example.com', 'cardNumber':  '0476773583109', 'memberNumber':  'M10000000'},
  {'index':  1, 'profileId':  'P00000002', 'firstName':  'Lucas', 'lastName':  'Lundin', 'displayName':  'Lucas L.', 'tier':  'gold', 'points':  11979, 'pointsAsOf':  1761436800000, 'phone':  '+46703605370', 'phoneLocal':  '070-360 53 70', 'email':  null, 'cardNumber':  null, 'memberNumber':  null},
  {'index':  3, 'profileId':  'P00000004', 'firstName':  'Fredrik', 'lastName':  'Larsson', 'displayName':  'Fredrik L.', 'tier':  'member', 'points':  4235, 'pointsAsOf':  1749945600000, 'phone':  '+46709865744', 'phoneLocal':  '070-986 57 44', 'email':  null, 'cardNumber':  '0439012743313', 'memberNumber':  null},
  {'index':  10, 'profileId':  'P00000011', 'firstName':  'Oskar', 'lastName':  'Bergström', 'displayName':  'Oskar B.', 'tier':  'silver', 'points':  458, 'pointsAsOf':  1741737600000, 'phone':  '+46706777053', 'phoneLocal':  '070-677 70 53', 'email':  'oskar.bergstrom11@example.com', 'cardNumber':  '0427570783803', 'memberNumber':  'M10000010'},
  {'index':  999, 'profileId':  'P00001000', 'firstName':  'Hugo', 'lastName':  'Isaksson', 'displayName':  'Hugo I.', 'tier':  'member', 'points':  393, 'pointsAsOf':  1735689600000, 'phone':  '+46707531996', 'phoneLocal':  '070-753 19 96', 'email':  null, 'cardNumber':  null, 'memberNumber':  null},
] as const;

describe('the demo connector', () => {
  it.each(EMULATED_CRM_SEED_7.map((m) => [m.index, m] as const))('member %i is the emulated CRM member of the same seed', (index, member) => {
    const demo = createDemoConnector({ members: 1000, seed: 7 });
    expect(demo.member(index)).toEqual(member);
  });

  it('finds a demo member by any identifier, and nobody by an identifier outside its population', async () => {
    const demo = createDemoConnector({ members: 100, seed: 3 });
    const m = demo.member(40);
    for (const [kind, value] of [['phone', m.phone], ['email', m.email], ['card', m.cardNumber], ['member_number', m.memberNumber]] as const) {
      expect(await demo.findByIdentifier(kind, value as string)).toEqual({ status: 'accepted', value: { found: expect.objectContaining({ profileId: m.profileId }) } });
    }
    const outside = createDemoConnector({ members: 1000, seed: 3 }).member(500);
    expect(await demo.findByIdentifier('phone', outside.phone)).toEqual({ status: 'accepted', value: { notFound: true } });
    expect(await demo.lookup('P00000101')).toEqual({ status: 'accepted', value: null });
  });

  it('imports in batches of the size asked', async () => {
    const sizes: number[] = [];
    for await (const batch of createDemoConnector({ members: 2_500, batchSize: 1_000 }).fullImport()) sizes.push(batch.length);
    expect(sizes).toEqual([1_000, 1_000, 500]);
  });
});

describe.each(HUB_ENGINES)('a hub with the demo connector on %s', (engine) => {
  let storage: HubStorage | undefined;
  const hubs: Hub[] = [];
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close();
    await storage?.remove();
    storage = undefined;
  });
  const start = async (members: number): Promise<Hub> => {
    storage ??= await hubStorage(engine);
    const hub = await createHub({ ...storage.options, logger: silentLogger, connector: createDemoConnector({ members, seed: 5, batchSize: 1_000 }) });
    hubs.push(hub);
    return hub;
  };

  it('imports the demo members once per database, and a till bootstraps them and finds them by phone', async () => {
    const hub = await start(2_500);
    const till = await tillOnHub(hub);
    try {
      await till.engine.syncNow();
      expect(till.cache.db.prepare('SELECT count(*) FROM profiles').pluck().get()).toBe(2_500);
      const m = createDemoConnector({ members: 2_500, seed: 5 }).member(1_234);
      expect(till.cache.profiles.findByIdentifier('phone', m.phone)).toMatchObject({ id: m.profileId, firstName: m.firstName, pointsBalance: m.points });
    } finally {
      await till.close();
    }
    const head = await hub.parts.feed.head(hub.parts.db);
    await hubs.splice(0)[0]?.close();

    const again = await start(2_500);

    expect(await again.parts.feed.head(again.parts.db)).toBe(head);
    expect(await again.parts.mirror.count(again.parts.db)).toBe(2_500);
  });

  it('a re-imported member whose identifier another profile holds takes it over, and both reach the feed', async () => {
    const hub = await start(10);
    const { db, mirror, feed } = hub.parts;
    const a = createDemoConnector({ seed: 5 }).member(0);
    const b = createDemoConnector({ seed: 5 }).member(1);
    const before = await feed.head(db);

    await importMemberBatch(db, mirror, feed, [{
      profileId: a.profileId, firstName: a.firstName, lastName: a.lastName, displayName: a.displayName, tier: 'gold', pointsBalance: 1, pointsAsOf: 0,
      identifiers: [['phone', a.phone], ['phone', b.phone]],
    }], Date.now());

    expect(await mirror.findByIdentifier(db, 'phone', b.phone)).toBe(a.profileId);
    expect((await mirror.get(db, b.profileId))?.identifiers.some(([, v]) => v === b.phone)).toBe(false);
    const changed = (await feed.page(db, before, 10)).map((e) => e.profileId);
    expect(changed).toEqual(expect.arrayContaining([a.profileId, b.profileId]));
  });
});
