import { afterEach, describe, expect, it } from 'vitest';
import { createVoyadoConnector } from '../../hub/connectors/voyado/voyadoConnector';
import { FleetReportSchema } from '../../hub/fleetContract/fleetContract';
import { writeTransaction } from '../../hub/db/sql';
import type { SignupPayload } from '../../sync/protocol';
import { startVoyadoStandIn } from '../support/voyadoStandIn';
import type { VoyadoStandIn } from '../support/voyadoStandIn';
import { adminGet, consentItem, deliverAll, deliveryRows, receiptItem, signupItem, testClock, upload } from './support/deliveryHarness';
import { enrolDevice, HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';

// What a till uploads reaches Voyado (the stand-in) through the hub's outbound queue and the Voyado connector, once,
// through 5xx answers, malformed answers and timeouts on the way.

describe.each(HUB_ENGINES)('a hub on %s delivering to Voyado', (engine) => {
  let under: HubUnderTest | undefined;
  let standIn: VoyadoStandIn | undefined;
  afterEach(async () => {
    await under?.close();
    await standIn?.close();
    under = undefined;
    standIn = undefined;
  });

  it('sign-ups, receipts and consents arrive once, an existing contact is not doubled, and faults only delay them', async () => {
    standIn = await startVoyadoStandIn();
    const known = standIn.contacts.add({ firstName: 'Known', mobilePhone: '+46701112299' });
    // A contact the hub's mirror holds already (phone only): a sign-up with that phone matches it at the hub.
    const mirrored = standIn.contacts.add({ mobilePhone: '+46701112288' });
    const clock = testClock();
    const connector = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'test', timeoutMs: 500 });
    under = await startHub(engine, {
      connector, now: clock.now, changePoll: { intervalMs: 0 },
      delivery: { intervalMs: 3_600_000, callTimeoutMs: 10_000, concurrency: 1, retry: { baseMs: 10, maxMs: 1_000, maxAttempts: 10 }, waitMs: 5 },
    });
    const { hub } = under;
    await hub.deliveryWorker?.stop();
    await writeTransaction(hub.parts.db, (tx) => hub.parts.mirror.upsert(tx, {
      profileId: mirrored.id, firstName: null, lastName: null, displayName: null, tier: 'Member', pointsBalance: 0, pointsAsOf: null, identifiers: [['phone', '+46701112288']],
    }, clock.now()));
    const token = await enrolDevice(hub);
    const matched = signupItem('prov-matched', '+46701112288', 'Vera');
    (matched.payload as SignupPayload).identifiers.push({ kind: 'email', value: 'vera@example.se' });
    const batch = [
      signupItem('prov-new', '+46705550077', 'Ny'), consentItem('prov-new', 'terms', true, '2026-12-01T10:00:00+01:00', 'v7'), consentItem('prov-new', 'marketingEmail', true),
      receiptItem('R-new', 'prov-new'), signupItem('prov-known', '+46701112299'), consentItem('prov-known', 'marketingSms', true), receiptItem('R-known', 'prov-known', 250),
      matched, consentItem('prov-matched', 'marketingEmail', true),
    ];
    expect((await upload(hub, token, batch)).every((r) => r.status === 'accepted')).toBe(true);

    standIn.faults.add({ kind: 'server_error', count: 1, method: 'POST', path: '/api/v2/contacts' });
    standIn.faults.add({ kind: 'malformed', count: 1, method: 'POST', path: '/api/v2/contacts' });
    standIn.faults.add({ kind: 'timeout', count: 1, path: '/api/v2/receipts' });
    standIn.faults.add({ kind: 'malformed', count: 1, path: '/api/v2/receipts' });
    await deliverAll(hub, clock);

    expect((await deliveryRows(hub)).map((r) => `${r.kind}:${r.state}`)).toEqual([
      'signup:delivered', 'consent:delivered', 'consent:delivered', 'receipt:delivered', 'signup:delivered', 'consent:delivered', 'receipt:delivered',
      'matched_signup:delivered', 'consent:delivered',
    ]);
    const created = standIn.contacts.match('mobilePhone', '+46705550077');
    expect(created).toHaveLength(1);
    expect(standIn.contacts.size).toBe(3);
    // The matched sign-up made no contact; its e-mail, name and consent reached the one it matched.
    expect(standIn.contacts.get(mirrored.id)?.attributes).toMatchObject({ firstName: 'Vera', email: 'vera@example.se', mobilePhone: '+46701112288' });
    expect(standIn.contacts.get(mirrored.id)?.preferences).toMatchObject({ acceptsEmail: true });
    const newId = created[0]?.id as string;
    expect(standIn.contacts.origin(newId)).toEqual({ source: 'POS', storeExternalId: 'store-1' });
    expect([...standIn.ledger.receipts.keys()].sort()).toEqual(['R-known', 'R-new']);
    expect(standIn.ledger.receipts.get('R-new')).toMatchObject({ contact: { matchKey: newId, matchKeyType: 'ContactId' }, storeExternalId: 'store-1', totalGrossPrice: 100 });
    expect(standIn.ledger.receipts.get('R-known')).toMatchObject({ contact: { matchKey: known.id }, totalGrossPrice: 250 });
    // The consents given at the till's sign-up reach the contacts: terms under its consent id, marketing as preferences.
    expect(standIn.contacts.get(newId)?.consents).toEqual([{ id: 'terms', value: true, date: '2026-12-01T10:00:00+01:00', source: 'POS', comment: 'till:till-1, version v7' }]);
    expect(standIn.contacts.get(newId)?.preferences).toMatchObject({ acceptsEmail: true, acceptsSms: false });
    expect(standIn.contacts.get(known.id)?.preferences).toMatchObject({ acceptsEmail: false, acceptsSms: true });
    expect(standIn.faults.served).toMatchObject({ server_error: 1, malformed: 2, timeout: 1 });
    // The tills' provisional ids lead to Voyado's contacts.
    expect(await hub.parts.mirror.resolveRef(hub.parts.db, 'prov-new')).toEqual({ profileId: newId });
    expect(await hub.parts.mirror.resolveRef(hub.parts.db, 'prov-known')).toEqual({ profileId: known.id });
    // The fleet counts the two receipts as delivered (Voyado answered 202), and says Voyado applies them in batches.
    const fleet = FleetReportSchema.parse(await adminGet(hub, '/hub/v1/fleet'));
    expect(fleet.crm).toEqual({ name: 'Voyado', receiptsApplied: 'in_batches' });
    expect(fleet.stores.find((s) => s.storeId === 'store-1')?.crmDeliveries).toMatchObject({ pending: 0, failed: 0, receiptsDeliveredLastDay: 2 });
  });
});
