import { describe, expect, it } from 'vitest';
import type { ConnectorMember } from '../../hub/connectors/crmConnector';
import { CrmChangePoller } from '../../hub/crmChanges/crmChangePoller';
import { HUB_ENGINES, hubPerTest, silentLogger } from './support/hubUnderTest';
import { ScriptedConnector } from './support/scriptedConnector';
import { testClock } from './support/deliveryHarness';

function crmMember(n: number, name: string): ConnectorMember {
  return {
    profileId: `V-${n}`, firstName: name, lastName: 'Crm', displayName: name, tier: 'member', pointsBalance: n, pointsAsOf: null,
    identifiers: [['phone', `+4670555${String(1000 + n).slice(-4)}`]],
  };
}

describe.each(HUB_ENGINES)('the CRM change notifications on %s', (engine) => {
  const hubForTest = hubPerTest(engine);

  it('bring changed members into the mirror and the tills\' change log in bounded rounds, erase the erased, and keep the position', async () => {
    const connector = new ScriptedConnector();
    for (let n = 1; n <= 3; n++) connector.members.set(`V-${n}`, crmMember(n, `Before${n}`));
    const clock = testClock();
    const under = await hubForTest({ connector, now: clock.now, changePoll: { intervalMs: 0 } });
    const { db, mirror, feed } = under.hub.parts;
    expect(await mirror.count(db)).toBe(3);
    const poller = new CrmChangePoller({ db, mirror, connector, logger: silentLogger, now: clock.now }, { lookupsPerRound: 2, callTimeoutMs: 100 });

    // Nothing yet: the first round asks from the beginning and stores where the CRM is.
    expect(await poller.round()).toEqual({ polled: true, upserted: 0, erased: 0, backlog: 0 });
    for (let n = 1; n <= 2; n++) connector.members.set(`V-${n}`, crmMember(n, `After${n}`));
    for (let n = 4; n <= 6; n++) connector.members.set(`V-${n}`, crmMember(n, `New${n}`));
    connector.members.delete('V-3');
    connector.pendingChanges = { changed: ['V-1', 'V-2', 'V-4', 'V-5', 'V-6'], erased: ['V-3'] };
    connector.script.lookup.push('garbage');
    const head = await feed.head(db);

    const rounds = [];
    for (let i = 0; i < 5; i++) rounds.push(await poller.round());

    // Two lookups a round at most; the CRM is asked again only once less than a round's worth is left; the lookup
    // answered with garbage is tried again after its backoff.
    expect(rounds.map((r) => r && [r.polled, r.upserted + r.erased, r.backlog])).toEqual([[true, 0, 6], [false, 2, 4], [false, 2, 2], [false, 1, 1], [true, 0, 1]]);
    expect(connector.positionsAsked).toEqual([null, 'pos-1', 'pos-2']);
    clock.advance(3_600_000);
    for (let i = 0; i < 3; i++) await poller.round();
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM crm_changed_members'))[0]?.n).toBe(0);
    for (const n of [1, 2]) expect((await mirror.get(db, `V-${n}`))?.firstName).toBe(`After${n}`);
    for (const n of [4, 5, 6]) expect((await mirror.get(db, `V-${n}`))?.firstName).toBe(`New${n}`);
    expect(await mirror.resolve(db, 'V-3')).toEqual({ erased: true });
    const changes = await feed.page(db, head, 100);
    expect(changes.filter((c) => c.type === 'erase').map((c) => c.profileId)).toEqual(['V-3']);
    expect(new Set(changes.filter((c) => c.type === 'upsert').map((c) => c.profileId))).toEqual(new Set(['V-1', 'V-2', 'V-4', 'V-5', 'V-6']));
  });

  it('lets one hub process poll at a time: another waits until the holder stops renewing its lease', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const under = await hubForTest({ connector, now: clock.now, changePoll: { intervalMs: 0 } });
    const { db, mirror } = under.hub.parts;
    const options = { intervalMs: 1_000, callTimeoutMs: 100 };
    const first = new CrmChangePoller({ db, mirror, connector, logger: silentLogger, now: clock.now }, options);
    const second = new CrmChangePoller({ db, mirror, connector, logger: silentLogger, now: clock.now }, options);

    expect(await first.round()).not.toBeNull();
    expect(await second.round()).toBeNull();
    expect(await first.round()).not.toBeNull();
    // The holder is gone (killed): its lease runs out and the other carries on from the stored position.
    clock.advance(60_000);
    expect(await second.round()).not.toBeNull();
    expect(await first.round()).toBeNull();
    expect(connector.positionsAsked).toEqual([null, 'pos-1', 'pos-2']);
  });
});
