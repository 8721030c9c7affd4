import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTill } from '../../main/compose/startTill';
import type { TillEvent } from '../../main/api/contract/events';
import type { ConnectorLookup, ConnectorMember, CrmConnector } from '../../hub/connectors/crmConnector';
import { MEMBER_LOOKUP_PATH, MemberLookupAnswerSchema, SyncProblemSchema } from '../../sync/protocol';
import { createDemoConnector } from '../../hub/connectors/demo/demoConnector';
import { DEMO_SHARED_PHONE } from '../../hub/connectors/demo/demoSharedPhone';
import type { IdentifierKind } from '../../sync/protocol';
import { HUB_ENGINES, enrolDevice, seedMembers, startHub, testMember } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { startedTillOnHub, tillOnHub } from './support/tillOnHub';
import type { StartedTillOnHub } from './support/tillOnHub';

/** Numbers as a cashier types them, and the E.164 form the till and the hub pass on. */
const CRM_ONLY = { typed: '070-888 00 01', e164: '+46708880001', email: 'vera.crm@example.se' };
const SHARED = { typed: '070-888 00 02', e164: '+46708880002' };
const SLOW = { typed: '070-888 00 03', e164: '+46708880003' };
const THROTTLED = { typed: '070-888 00 04', e164: '+46708880004' };
const NOBODY = { typed: '070-888 00 05', e164: '+46708880005' };
const ERASED = { typed: '070-888 00 06', e164: '+46708880006' };
const GARBLED = { typed: '070-888 00 07', e164: '+46708880007' };
/** Every value that must never reach a log line or a problem's text, in the forms it could take. */
const SECRET_DIGITS = ['8880001', '8880002', '8880003', '8880004', '8880005', '8880006', '8880007', 'vera.crm'];

const crmOnlyMember: ConnectorMember = {
  profileId: 'CRM-VERA', firstName: 'Vera', lastName: 'Crm', displayName: 'Vera C.', tier: 'gold', pointsBalance: 420, pointsAsOf: 1_735_689_600_000,
  identifiers: [['phone', CRM_ONLY.e164], ['email', CRM_ONLY.email]],
};
const erasedMember: ConnectorMember = { ...crmOnlyMember, profileId: testMember(2).profileId, identifiers: [['phone', ERASED.e164]] };

/**
 * A CRM behind the hub, scripted: one member only it holds, one number two of its members share, one number it never
 * answers for (until the test ends), one it is too busy for, and one it still finds after the hub learnt of its erasure.
 */
function scriptedConnector(): CrmConnector & { asked: number; release(): void } {
  const stalled: Array<() => void> = [];
  const connector = {
    name: 'scripted',
    asked: 0,
    release: () => stalled.splice(0).forEach((resolve) => resolve()),
    async *fullImport() {},
    changesSince: async () => ({ status: 'accepted' as const, value: { changed: [], erased: [], position: 'p' } }),
    lookup: async () => ({ status: 'accepted' as const, value: null }),
    async findByIdentifier(kind: IdentifierKind, value: string) {
      connector.asked += 1;
      const accepted = (v: ConnectorLookup) => ({ status: 'accepted' as const, value: v });
      if (kind === 'phone' && value === CRM_ONLY.e164) return accepted({ found: crmOnlyMember });
      if (kind === 'phone' && value === SHARED.e164) return accepted({ several: true });
      if (kind === 'phone' && value === ERASED.e164) return accepted({ found: erasedMember });
      // A connector bug: a member without an id, and its phone as typed.
      if (kind === 'phone' && value === GARBLED.e164) return accepted({ found: { ...crmOnlyMember, profileId: '', identifiers: [['phone', GARBLED.typed]] } });
      if (kind === 'phone' && value === THROTTLED.e164) return { status: 'retry_later' as const, reason: 'throttled', retryAfterMs: 7000 };
      if (kind === 'phone' && value === SLOW.e164) {
        await new Promise<void>((resolve) => stalled.push(resolve));
      }
      return accepted({ notFound: true });
    },
    close: async () => connector.release(),
  };
  return connector;
}

/** Log lines in memory, at the most verbose level. */
function memoryLogger(): { logger: pino.Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) });
  return { logger: pino({ level: 'trace' }, stream), text: () => lines.join('') };
}

describe.each(HUB_ENGINES)('a till misses while online and asks the hub on %s', (engine) => {
  let under: HubUnderTest;
  let connector: ReturnType<typeof scriptedConnector>;
  let started: StartedTillOnHub | undefined;
  let till: RunningTill;
  const hubLog = memoryLogger();
  const tillLog = memoryLogger();
  const events: TillEvent[] = [];

  beforeAll(async () => {
    connector = scriptedConnector();
    // The hub gives the connector 300 ms; the till waits up to 5 s for the hub (its longest budget: a loaded test
    // machine must not turn a found member into a miss).
    under = await startHub(engine, { connector, logger: hubLog.logger, connectorLookupTimeoutMs: 300 });
    await seedMembers(under.hub, 3);
    started = await startedTillOnHub(under.hub, { lookupBudgetMs: 5000, logger: tillLog.logger });
    till = started.till;
    till.till.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    connector?.release();
    await started?.close();
    await under?.close();
  });

  const identify = async (input: string) => {
    const response = await fetch(`${till.url}/api/v1/identify`, {
      method: 'POST', headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input, source: 'typed' }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { result: string; profile?: { id: string; firstName: string | null; pointsBalance: number } };
  };

  it('finds a member only the CRM holds within one round trip, caches it, and the mirror feeds it to every other till', async () => {
    expect(till.cache.profiles.findByIdentifier('phone', CRM_ONLY.e164)).toBeUndefined();

    const answer = await identify(CRM_ONLY.typed);

    expect(answer).toMatchObject({ result: 'identified', profile: { id: 'CRM-VERA', firstName: 'Vera', pointsBalance: 420 } });
    expect(events.filter((e) => e.type === 'identified').map((e) => e.type === 'identified' && e.profile.id)).toEqual(['CRM-VERA']);
    // In the till's cache, by both identifiers, as a delta would have put it.
    expect(till.cache.profiles.findByIdentifier('email', CRM_ONLY.email)?.id).toBe('CRM-VERA');
    // In the mirror, and so in the change feed: a till that never asked gets it with its next pull.
    expect(await under.hub.parts.mirror.findByIdentifier(under.hub.parts.db, 'phone', CRM_ONLY.e164)).toBe('CRM-VERA');
    const other = await tillOnHub(under.hub);
    try {
      await other.engine.syncNow();
      expect(other.cache.profiles.findByIdentifier('phone', CRM_ONLY.e164)?.firstName).toBe('Vera');
    } finally {
      await other.close();
    }
    // A second presentation is a cache hit: the connector is not asked again.
    const asked = connector.asked;
    expect((await identify(CRM_ONLY.typed)).result).toBe('identified');
    expect(connector.asked).toBe(asked);
  });

  it('answers several members sharing a number as ambiguous, with its own event, and caches nobody', async () => {
    const before = events.length;
    const hadCustomer = till.till.session().customer !== null;

    const answer = await identify(SHARED.typed);

    expect(answer).toEqual({ result: 'ambiguous', kind: 'phone', assurance: 'claimed' });
    expect(events.at(-1)).toEqual({ type: 'identify.ambiguous', kind: 'phone', source: 'typed' });
    expect(till.cache.profiles.findByIdentifier('phone', SHARED.e164)).toBeUndefined();
    // Whoever was the customer before is not the one at the till: forgotten at the cache miss.
    expect(till.till.session().customer).toBeNull();
    const cleared = events.slice(before).filter((e) => e.type === 'session.cleared');
    expect(cleared).toEqual(hadCustomer ? [{ type: 'session.cleared', reason: 'replaced' }] : []);
  });

  it.each([
    ['nobody holds the number', NOBODY],
    ['the connector does not answer in time (the hub answers 503)', SLOW],
    ['the connector is throttled (the hub answers 503)', THROTTLED],
    ['the CRM still finds a member the hub knows was erased', ERASED],
    ['the connector hands over a member that is not one (the hub answers 503)', GARBLED],
  ])('answers not found when %s', async (_name, number) => {
    if (number === ERASED) {
      const admin = await fetch(`${under.hub.url}/admin/profiles/${erasedMember.profileId}`, { method: 'DELETE', headers: { authorization: `Bearer ${under.hub.adminToken}` } });
      expect(admin.status).toBe(204);
    }
    const answer = await identify(number.typed);

    expect(answer).toMatchObject({ result: 'not_found', kind: 'phone' });
    expect(events.at(-1)).toMatchObject({ type: 'identify.not_found', kind: 'phone', source: 'typed' });
    expect(till.cache.profiles.findByIdentifier('phone', number.e164)).toBeUndefined();
    expect(await under.hub.parts.mirror.findByIdentifier(under.hub.parts.db, 'phone', number.e164)).toBeNull();
  });

  it('speaks the protocol: 404, 409 and 503 problems with Retry-After that never echo the identifier, 400 for a value not normalised', async () => {
    const token = await enrolDevice(under.hub);
    const ask = (body: unknown) =>
      fetch(`${under.hub.url}${MEMBER_LOOKUP_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cases: Array<[unknown, number, string]> = [
      [{ identifier: { kind: 'phone', value: NOBODY.e164 } }, 404, 'member_not_found'],
      [{ identifier: { kind: 'phone', value: SHARED.e164 } }, 409, 'several_members'],
      [{ identifier: { kind: 'phone', value: THROTTLED.e164 } }, 503, 'unavailable'],
      [{ identifier: { kind: 'phone', value: '070-888 00 05' } }, 400, 'bad_request'],
      [{ identifier: { kind: 'phone', value: NOBODY.e164 }, extra: NOBODY.e164 }, 400, 'bad_request'],
    ];
    for (const [body, status, type] of cases) {
      const response = await ask(body);
      const text = await response.text();
      expect([response.status, SyncProblemSchema.parse(JSON.parse(text)).type]).toEqual([status, type]);
      for (const digits of SECRET_DIGITS) expect(text).not.toContain(digits);
      if (status === 503) expect(response.headers.get('retry-after')).toBe('7');
    }
    const unauthenticated = await fetch(`${under.hub.url}${MEMBER_LOOKUP_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cases[0]?.[0]) });
    expect(unauthenticated.status).toBe(401);
  });

  it('wrote no identifier to the till log or the hub log', () => {
    for (const log of [tillLog.text(), hubLog.text()]) {
      expect(log).toContain('member lookup');
      for (const digits of SECRET_DIGITS) expect(log).not.toContain(digits);
    }
  });
});

describe('the till waits for the hub only as long as its budget', () => {
  it('answers its own not found when the hub takes longer than the budget, and identifies at once offline', async () => {
    const connector = scriptedConnector();
    // The hub would wait 30 s for the connector; the till's budget is 200 ms.
    const under = await startHub('pglite', { connector, connectorLookupTimeoutMs: 30_000 });
    const log = memoryLogger();
    let started: StartedTillOnHub | undefined;
    try {
      started = await startedTillOnHub(under.hub, { lookupBudgetMs: 200, logger: log.logger });
      const { till } = started;
      expect(till.sync.status().online).toBe(true);

      const slow = await till.till.identify(SLOW.typed, 'typed');
      expect(slow).toMatchObject({ result: 'not_found', kind: 'phone' });

      // The hub goes away: the engine notices at its next cycle and the till stops asking.
      connector.release();
      await under.close();
      await till.sync.syncNow().catch(() => undefined);
      expect(till.sync.status().online).toBe(false);
      const lookups = () => log.text().split('\n').filter((line) => line.includes('member lookup')).length;
      const before = lookups();
      expect(before).toBe(1);
      expect(await till.till.identify(CRM_ONLY.typed, 'typed')).toMatchObject({ result: 'not_found', kind: 'phone' });
      // Offline, the till does not even try.
      expect(lookups()).toBe(before);
    } finally {
      connector.release();
      await started?.close();
      await under.close();
    }
  });
});

describe.each(HUB_ENGINES)('the demo connector behind the hub on %s', (engine) => {
  it('answers a demo member from the mirror and 409 several_members for its documented shared number', async () => {
    const demo = createDemoConnector({ members: 10 });
    const under = await startHub(engine, { connector: demo });
    try {
      const token = await enrolDevice(under.hub);
      const ask = (value: string) =>
        fetch(`${under.hub.url}${MEMBER_LOOKUP_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ identifier: { kind: 'phone', value } }) });
      const member = demo.member(3);
      const found = await ask(member.phone);
      expect(found.status).toBe(200);
      expect(MemberLookupAnswerSchema.parse(await found.json()).profile.id).toBe(member.profileId);
      const shared = await ask(DEMO_SHARED_PHONE);
      expect([shared.status, SyncProblemSchema.parse(await shared.json()).type]).toEqual([409, 'several_members']);
    } finally {
      await under.close();
    }
  });
});
