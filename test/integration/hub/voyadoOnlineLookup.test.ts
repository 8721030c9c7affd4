import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import type { RunningTill } from '../../../main/compose/startTill';
import type { TillEvent } from '../../../main/api/contract/events';
import { startVoyadoStandIn } from '../../support/voyadoStandIn';
import type { VoyadoStandIn } from '../../support/voyadoStandIn';
import { HUB_ENGINES, startHub } from '../../hub/support/hubUnderTest';
import { startedTillOnHub } from '../../hub/support/tillOnHub';
import type { StartedTillOnHub } from '../../hub/support/tillOnHub';
import type { HubUnderTest } from '../../hub/support/hubUnderTest';

// A till's miss looked up online, end to end: the till (startTill, as `tillid start` builds it), the hub with the
// Voyado connector, and the Voyado stand-in, over HTTP on 127.0.0.1. docs/connectors.md maps it to the documented rule.

/** Numbers as a cashier types them, and the E.164 form Voyado holds. */
const KNOWN = { typed: '070-888 00 10', e164: '+46708880010' };
const LATE = { typed: '070-888 00 11', e164: '+46708880011' };
const SHARED = { typed: '070-888 00 12', e164: '+46708880012' };

describe.each(HUB_ENGINES)('a till\'s miss looked up online at Voyado through the hub on %s', (engine) => {
  let standIn: VoyadoStandIn;
  let under: HubUnderTest;
  let started: StartedTillOnHub | undefined;
  let till: RunningTill;
  const events: TillEvent[] = [];

  beforeAll(async () => {
    standIn = await startVoyadoStandIn();
    standIn.contacts.add({ firstName: 'Karin', mobilePhone: KNOWN.e164 });
    // Change polling off: a contact added later reaches the hub only through the till's lookup.
    under = await startHub(engine, {
      connector: createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'test', importFrom: new Date(Date.now() - 60_000), timeoutMs: 2_000 }),
      changePoll: { intervalMs: 0 },
      connectorLookupTimeoutMs: 4_000,
    });
    // The till waits up to 5 s for the hub: a loaded machine must not turn a found member into a miss.
    started = await startedTillOnHub(under.hub, { lookupBudgetMs: 5000, logger: pino({ enabled: false }) });
    till = started.till;
    till.till.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await started?.close();
    await under?.close();
    await standIn?.close();
  });

  /** The cashier types a number at the till (its own API, as the cashier screen calls it). */
  async function identifyTyped(input: string): Promise<{ result: string; kind?: string; assurance?: string; profile?: { id: string; firstName: string | null } }> {
    const response = await fetch(`${till.url}/api/v1/identify`, {
      method: 'POST', headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ input, source: 'typed' }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { result: string; profile?: { id: string; firstName: string | null } };
  }

  /** `GET /api/v2/contacts/id?mobilePhone=` requests Voyado received for a number. */
  const voyadoLookups = (e164: string) =>
    standIn.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/contacts/id' && new URLSearchParams(r.query).get('mobilePhone') === e164).length;

  const mirrorHolds = (e164: string) => under.hub.parts.mirror.findByIdentifier(under.hub.parts.db, 'phone', e164);

  it('has the member list the hub imported from Voyado', () => {
    expect(till.cache.profiles.findByIdentifier('phone', KNOWN.e164)?.firstName).toBe('Karin');
  });

  it('answers a contact added at Voyado after the till\'s member list as a member within one lookup, and the hub\'s mirror then holds it', async () => {
    const contact = standIn.contacts.add({ firstName: 'Vera', lastName: 'Sen', mobilePhone: LATE.e164 });
    expect(till.cache.profiles.findByIdentifier('phone', LATE.e164)).toBeUndefined();
    expect(await mirrorHolds(LATE.e164)).toBeNull();

    const answer = await identifyTyped(LATE.typed);

    expect(answer).toMatchObject({ result: 'identified', profile: { id: contact.id, firstName: 'Vera' } });
    expect(voyadoLookups(LATE.e164)).toBe(1);
    expect(events.filter((e) => e.type === 'identified').map((e) => e.type === 'identified' && e.profile.id)).toEqual([contact.id]);
    expect(till.cache.profiles.findByIdentifier('phone', LATE.e164)?.id).toBe(contact.id);
    expect(await mirrorHolds(LATE.e164)).toBe(contact.id);
    expect(await under.hub.parts.mirror.get(under.hub.parts.db, contact.id)).toMatchObject({ firstName: 'Vera' });
  });

  it('answers two Voyado contacts sharing a number (409 MultipleMatches) as several members, caching and mirroring nobody', async () => {
    standIn.contacts.add({ firstName: 'Anna', mobilePhone: SHARED.e164 });
    standIn.contacts.add({ firstName: 'Bengt', mobilePhone: SHARED.e164 });

    const answer = await identifyTyped(SHARED.typed);

    expect(answer).toEqual({ result: 'ambiguous', kind: 'phone', assurance: 'claimed' });
    expect(events.at(-1)).toEqual({ type: 'identify.ambiguous', kind: 'phone', source: 'typed' });
    expect(standIn.requests.some((r) => r.path === '/api/v2/contacts/id' && r.status === 409)).toBe(true);
    expect(voyadoLookups(SHARED.e164)).toBe(1);
    expect(till.cache.profiles.findByIdentifier('phone', SHARED.e164)).toBeUndefined();
    expect(await mirrorHolds(SHARED.e164)).toBeNull();
  });
});
