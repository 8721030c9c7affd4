import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../../hub';
import type { Hub } from '../../hub';
import { importMemberBatch } from '../../hub/connectors/importMembers';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { demoMember as emulatorDemoMember } from '../../sync/emulator/demo/demoMembers';
import { HUB_ENGINES, hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';

describe('the demo connector', () => {
  it.each([0, 1, 3, 10, 999])('member %i is the emulated CRM member of the same seed', (index) => {
    const demo = createDemoConnector({ members: 1000, seed: 7 });
    expect(demo.member(index)).toEqual(emulatorDemoMember(index, 7));
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
      const m = emulatorDemoMember(1_234, 5);
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
    const a = emulatorDemoMember(0, 5);
    const b = emulatorDemoMember(1, 5);
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
