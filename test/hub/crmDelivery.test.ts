import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../hub/db/sql';
import type { SignupPayload } from '../../sync/protocol';
import { v7 as uuidv7 } from 'uuid';
import { CrmDeliveryReportSchema } from '../../hub/delivery/crmDeliveryReport';
import { FleetReportSchema } from '../../hub/fleetContract/fleetContract';
import { enrolDevice, HUB_ENGINES, hubPerTest, seedMembers, testMember } from './support/hubUnderTest';
import { ScriptedConnector } from './support/scriptedConnector';
import { adminGet, capturingLogger, consentItem, deliverAll, deliveryRows, receiptItem, retryFailed, signupItem, testClock, upload } from './support/deliveryHarness';

const FAST = { intervalMs: 3_600_000, callTimeoutMs: 100, concurrency: 1, retry: { baseMs: 10, maxMs: 1_000, maxAttempts: 6 }, waitMs: 5 };

describe.each(HUB_ENGINES)('the hub delivers what tills sent to its CRM, on %s', (engine) => {
  const hubForTest = hubPerTest(engine);

  async function start(connector: ScriptedConnector, clock: ReturnType<typeof testClock>, logger = capturingLogger().logger) {
    const under = await hubForTest({ connector, now: clock.now, logger, delivery: FAST, changePoll: { intervalMs: 0 } });
    // The test drives the worker by hand (deliverAll), on its own clock.
    await under.hub.deliveryWorker?.stop();
    return under.hub;
  }

  it('queues each sign-up and receipt once, delivers each once, and maps a sign-up to the CRM id (an existing member is not doubled)', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const hub = await start(connector, clock);
    // A member the CRM has and the hub's mirror does not (yet): the CRM matches the sign-up to it.
    connector.members.set('V-900', {
      profileId: 'V-900', firstName: 'Known', lastName: 'Crm', displayName: 'Known C', tier: 'gold', pointsBalance: 50, pointsAsOf: null, identifiers: [['phone', '+46701112233']],
    });
    await seedMembers(hub, 3, clock.now());
    const token = await enrolDevice(hub);
    const member = testMember(2).profileId;
    // The receipt of the new member arrives before its sign-up: it waits for it at the hub, then for its delivery.
    const batch = [receiptItem('R-new', 'prov-new'), signupItem('prov-new', '+46705550001'), receiptItem('R-known', member), signupItem('prov-crm', '+46701112233')];

    expect((await upload(hub, token, batch)).map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect((await upload(hub, token, batch)).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    // The same receipt under a new key is the same receipt: not queued again.
    await upload(hub, token, [receiptItem('R-known', member)]);
    expect((await deliveryRows(hub)).map((r) => `${r.kind}:${r.item_key}`)).toEqual(['receipt:R-new', 'signup:prov-new', 'receipt:R-known', 'signup:prov-crm']);

    await deliverAll(hub, clock);

    expect((await deliveryRows(hub)).map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    const newId = connector.signUps.get('prov-new')?.profileId;
    expect(newId).toMatch(/^CRM-/);
    expect(connector.signUps.get('prov-crm')?.profileId).toBe('V-900');
    // The receipt went after its member's sign-up, with the CRM's id.
    const order = connector.calls.map((c) => `${c.kind}:${c.key}`);
    expect(order.indexOf('signUp:prov-new')).toBeLessThan(order.indexOf('receipt:R-new'));
    expect(connector.receipts.get('R-new')).toEqual({ profileId: newId, storeId: 'store-1', calls: 1 });
    expect(connector.receipts.get('R-known')).toEqual({ profileId: member, storeId: 'store-1', calls: 1 });
    // The tills' provisional ids now lead to the CRM's profiles; the hub's own profiles for them are merged away.
    const { db, mirror } = hub.parts;
    expect(await mirror.resolveRef(db, 'prov-new')).toEqual({ profileId: newId });
    expect(await mirror.resolveRef(db, 'prov-crm')).toEqual({ profileId: 'V-900' });
    expect((await mirror.get(db, newId as string))?.identifiers).toEqual([['phone', '+46705550001']]);
    expect((await mirror.get(db, 'V-900'))?.identifiers).toEqual([['phone', '+46701112233']]);
    expect(await mirror.findByIdentifier(db, 'phone', '+46701112233')).toBe('V-900');
    expect(await mirror.count(db)).toBe(3 + 2);
    // Delivered sign-ups keep no personal data in the queue.
    const [payloads] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE payload IS NOT NULL AND kind = 'signup'");
    expect(payloads?.n).toBe(0);
    const report = CrmDeliveryReportSchema.parse(await adminGet(hub, '/admin/deliveries'));
    expect(report.counts).toEqual({ pending: 0, waiting: 0, retrying: 0, delivered: 4, failed: 0 });
  });

  it('retries a CRM that times out, throws, answers garbage or "not now", with backoff (its retryAfterMs honoured), and delivers once', async () => {
    const connector = new ScriptedConnector();
    connector.script.receipt.push('timeout', 'throw', 'garbage', 'retry_later', 'retry_after', 'accept');
    const clock = testClock();
    const hub = await start(connector, clock);
    const token = await enrolDevice(hub);
    await upload(hub, token, [receiptItem('R-storm', null)]);
    const worker = hub.deliveryWorker;
    if (!worker) throw new Error('no worker');

    const seen: { reason: string | null; attempts: number; delay: number }[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await worker.deliverOne()).toBe(true);
      const [row] = await deliveryRows(hub);
      seen.push({ reason: row?.reason ?? null, attempts: row?.attempts ?? 0, delay: (row?.next_at ?? 0) - clock.now() });
      // Not due again before its backoff.
      expect(await worker.deliverOne()).toBe(false);
      clock.advance(seen.at(-1)?.delay ?? 0);
    }
    expect(seen.map((s) => s.reason)).toEqual(['timeout', 'connector_error: TypeError', 'invalid_answer', 'Throttled', 'Throttled']);
    expect(seen.map((s) => s.attempts)).toEqual([1, 2, 3, 4, 5]);
    // Exponential backoff (±20 %), then the CRM's own 30 ms.
    expect(seen[0]?.delay).toBeGreaterThanOrEqual(8);
    expect(seen[3]?.delay).toBeGreaterThanOrEqual(64);
    expect(seen[4]?.delay).toBe(30);
    expect(await worker.deliverOne()).toBe(true);
    expect((await deliveryRows(hub))[0]).toMatchObject({ state: 'delivered', attempts: 6 });
    expect(connector.receipts.get('R-storm')?.calls).toBe(1);
  });

  it('a redemption retried after backoff is the same request: the CRM is told the time it was granted, every time', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const hub = await start(connector, clock);
    await seedMembers(hub, 3, clock.now());
    await enrolDevice(hub);
    const grantedAt = clock.now();
    const key = uuidv7();
    connector.script.redeem.push('retry_later', 'timeout');
    expect((await hub.parts.redemptions.redeem('till-1', { idempotencyKey: key, profileId: testMember(2).profileId, points: 2 }, grantedAt)).outcome).toBe('redeemed');

    await deliverAll(hub, clock);

    expect((await deliveryRows(hub))[0]).toMatchObject({ kind: 'redemption', state: 'delivered', attempts: 3 });
    expect(clock.now()).toBeGreaterThan(grantedAt);
    expect(connector.redeemCalls).toEqual([{ key, at: grantedAt }, { key, at: grantedAt }, { key, at: grantedAt }]);
  });

  it('keeps what the CRM refused or never took, with its reason and no personal data, shows it to the admin and the fleet, and retries it on request', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const { logger, lines } = capturingLogger();
    const hub = await start(connector, clock, logger);
    await seedMembers(hub, 3, clock.now());
    const token = await enrolDevice(hub);
    connector.script.signUp.push('reject_pii');
    connector.script.receipt.push(...Array<'retry_later'>(FAST.retry.maxAttempts).fill('retry_later'));
    await upload(hub, token, [receiptItem('R-storm', null), signupItem('prov-x', '+46701234567'), receiptItem('R-of-x', 'prov-x')]);
    const redeemed = await hub.parts.redemptions.redeem('till-1', { idempotencyKey: uuidv7(), profileId: testMember(2).profileId, points: 2 }, clock.now());
    expect(redeemed.outcome).toBe('redeemed');

    await deliverAll(hub, clock);

    const byKey = Object.fromEntries((await deliveryRows(hub)).map((r) => [r.item_key, r]));
    expect(byKey['R-storm']).toMatchObject({ state: 'failed', attempts: FAST.retry.maxAttempts, reason: `gave up after ${FAST.retry.maxAttempts} attempts: Throttled` });
    expect(byKey['prov-x']).toMatchObject({ state: 'failed', attempts: 1 });
    expect(byKey['prov-x']?.reason).toMatch(/^rejected: EmailInvalid/);
    // Its member's sign-up failed: the receipt is not sent without it, and says why.
    expect(byKey['R-of-x']).toMatchObject({ state: 'failed', attempts: 0, reason: 'member_signup_failed' });
    expect(connector.redemptions.size).toBe(1);

    const report = CrmDeliveryReportSchema.parse(await adminGet(hub, '/admin/deliveries'));
    expect(report.counts).toMatchObject({ pending: 0, delivered: 1, failed: 3 });
    expect(report.failed.map((f) => f.kind).sort()).toEqual(['receipt', 'receipt', 'signup']);
    const fleet = FleetReportSchema.parse(await adminGet(hub, '/hub/v1/fleet'));
    expect(fleet.stores[0]?.crmDeliveries).toMatchObject({ pending: 0, failed: 3 });
    expect(fleet.stores[0]?.crmDeliveries?.failedReasons.map((r) => r.count).reduce((a, b) => a + b)).toBe(3);
    for (const text of [JSON.stringify(report), JSON.stringify(fleet), ...lines]) {
      for (const secret of ['anna.svensson', '@example.se', '70 123 45 67', '+46701234567', '701234567']) expect(text).not.toContain(secret);
    }

    // The admin fixed the cause: everything failed goes again, and now goes through.
    expect(await retryFailed(hub)).toBe(3);
    await deliverAll(hub, clock);
    expect((await deliveryRows(hub)).every((r) => r.state === 'delivered')).toBe(true);
    expect(connector.receipts.get('R-of-x')?.profileId).toBe(connector.signUps.get('prov-x')?.profileId);
  });

  it('delivers the consents tills upload: after their member\'s sign-up, for the CRM id, with the text\'s version; a decision waits for an earlier one still owed, and one a later decision replaced is not sent', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const hub = await start(connector, clock);
    await seedMembers(hub, 3, clock.now());
    const token = await enrolDevice(hub);
    const member = testMember(2).profileId;
    const worker = hub.deliveryWorker;
    if (!worker) throw new Error('no worker');
    // The sign-up and the member's first decision each take a retry.
    connector.script.signUp.push('retry_later');
    connector.script.consent.push('retry_later');
    // As a till sends a sign-up: its consents follow it in the batch, under the provisional id.
    await upload(hub, token, [
      signupItem('prov-c', '+46705550003'),
      consentItem('prov-c', 'terms', true, '2026-12-01T10:00:00+01:00', 'terms-2026-11'),
      consentItem('prov-c', 'marketingEmail', true),
      consentItem(member, 'marketingSms', true, '2026-12-01T10:05:00+01:00'),
    ]);
    for (let i = 0; i < 10 && (await worker.deliverOne()); i++);
    expect(connector.consents).toEqual([]);
    expect((await deliveryRows(hub)).filter((r) => r.kind === 'consent').map((r) => r.reason)).toEqual(['waiting_for_signup', 'waiting_for_signup', 'Throttled']);

    // The member withdraws at another till; a till that was offline sends an older decision late.
    await upload(hub, token, [consentItem(member, 'marketingSms', false, '2026-12-01T10:07:00+01:00')]);
    await upload(hub, token, [consentItem(member, 'marketingSms', true, '2026-12-01T10:06:00+01:00')]);
    clock.advance(1);
    for (let i = 0; i < 10 && (await worker.deliverOne()); i++);
    const bySms = (await deliveryRows(hub)).filter((r) => r.kind === 'consent').slice(2);
    // The withdrawal waits while the first decision is owed (it may be in flight); the late one is moot.
    expect(bySms[1]).toMatchObject({ state: 'pending', reason: 'waiting_for_earlier_consent' });
    expect(bySms[2]).toMatchObject({ state: 'delivered', reason: 'superseded', attempts: 0 });

    await deliverAll(hub, clock);

    const crmId = connector.signUps.get('prov-c')?.profileId;
    expect(crmId).toMatch(/^CRM-/);
    expect(connector.consents).toEqual([
      { profileId: crmId, purpose: 'terms', granted: true, at: '2026-12-01T10:00:00+01:00', version: 'terms-2026-11' },
      { profileId: crmId, purpose: 'marketingEmail', granted: true, at: '2026-12-01T10:00:00+01:00', version: null },
      { profileId: member, purpose: 'marketingSms', granted: false, at: '2026-12-01T10:07:00+01:00', version: null },
    ]);
    // The new member's consents went only once the CRM knew the member.
    const signedUp = connector.calls.map((c) => c.kind).lastIndexOf('signUp');
    expect(signedUp).toBeLessThan(connector.calls.findIndex((c) => c.kind === 'consent' && c.key.startsWith(`${crmId}:`)));
    const rows = (await deliveryRows(hub)).filter((r) => r.kind === 'consent');
    expect(rows.map((r) => [r.state, r.reason])).toEqual([
      ['delivered', null], ['delivered', null], ['delivered', 'superseded'], ['delivered', null], ['delivered', 'superseded'],
    ]);
  });

  it('a sign-up the hub matches to a member it has creates no contact, but the CRM learns what it added (an e-mail, a first name) and its consents, for that member', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const hub = await start(connector, clock);
    await seedMembers(hub, 3, clock.now());
    const { db, mirror } = hub.parts;
    // A member the CRM has with a phone only and no first name.
    await writeTransaction(db, (tx) => mirror.upsert(tx, {
      profileId: 'V-77', firstName: null, lastName: null, displayName: null, tier: 'gold', pointsBalance: 40, pointsAsOf: clock.now(), identifiers: [['phone', '+46701230077']],
    }, clock.now()));
    const token = await enrolDevice(hub);
    // At the till the customer signs up again with that phone, a new e-mail and a name, and gives consents.
    const matched = signupItem('prov-m', '+46701230077', 'Greta');
    (matched.payload as SignupPayload).identifiers.push({ kind: 'email', value: 'greta@example.se' });
    // Another matches a member that already holds all it gave: nothing to add, only its consent.
    const nothingNew = signupItem('prov-same', testMember(1).phone, 'Someone');
    await upload(hub, token, [
      matched, consentItem('prov-m', 'terms', true, '2026-12-01T10:00:00+01:00', 'v2'), consentItem('prov-m', 'marketingSms', true),
      nothingNew, consentItem('prov-same', 'marketingEmail', false),
    ]);
    expect((await deliveryRows(hub)).map((r) => `${r.kind}:${r.item_key.startsWith('prov-') ? r.item_key : 'n'}`)).toEqual([
      'matched_signup:prov-m', 'consent:n', 'consent:n', 'consent:n',
    ]);

    await deliverAll(hub, clock);

    expect(connector.signUps.size).toBe(0);
    expect(connector.contactAdditions).toEqual([{ profileId: 'V-77', additions: { firstName: 'Greta', identifiers: [{ kind: 'email', value: 'greta@example.se' }] } }]);
    expect(connector.consents.map((c) => [c.profileId, c.purpose, c.granted, c.version])).toEqual([
      ['V-77', 'terms', true, 'v2'], ['V-77', 'marketingSms', true, null], [testMember(1).profileId, 'marketingEmail', false, null],
    ]);
    expect(await mirror.resolveRef(db, 'prov-m')).toEqual({ profileId: 'V-77' });
    expect(await mirror.count(db)).toBe(3 + 1);
    // Delivered, the additions (personal data) leave the queue.
    const [kept] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE payload IS NOT NULL AND kind = 'matched_signup'");
    expect(kept?.n).toBe(0);
  });

  it('a receipt or consent whose sign-up never reaches the hub fails after a day (signup_never_arrived), shown to the admin and the fleet; the admin\'s retry waits again, and the sign-up coming late delivers it', async () => {
    const connector = new ScriptedConnector();
    const clock = testClock();
    const { logger, lines } = capturingLogger();
    const hub = await start(connector, clock, logger);
    const token = await enrolDevice(hub);
    const worker = hub.deliveryWorker;
    if (!worker) throw new Error('no worker');
    const round = async (): Promise<void> => {
      for (let i = 0; i < 10 && (await worker.deliverOne()); i++);
    };
    const states = async (): Promise<string[]> => (await deliveryRows(hub)).map((r) => `${r.kind}:${r.state}:${r.reason ?? ''}`);
    const DAY = 86_400_000;
    /** Still waiting a second before the day is up; failed once it is. */
    const waitOutADay = async (): Promise<void> => {
      await round();
      clock.advance(DAY - 1_000);
      await round();
      expect(await states()).toEqual(['receipt:pending:waiting_for_signup', 'consent:pending:waiting_for_signup']);
      clock.advance(1_000);
      await round();
      expect(await states()).toEqual(['receipt:failed:signup_never_arrived', 'consent:failed:signup_never_arrived']);
    };
    // The till lost the sign-up (or the hub refused it): its receipt and consent name a provisional id nobody maps.
    await upload(hub, token, [receiptItem('R-lost', 'prov-lost'), consentItem('prov-lost', 'marketingEmail', true)]);
    await waitOutADay();
    expect((await deliveryRows(hub)).map((r) => r.attempts)).toEqual([0, 0]);

    const report = CrmDeliveryReportSchema.parse(await adminGet(hub, '/admin/deliveries'));
    expect(report.counts).toMatchObject({ pending: 0, waiting: 0, failed: 2 });
    expect(report.failed.map((f) => `${f.kind}:${f.reason}`).sort()).toEqual(['consent:signup_never_arrived', 'receipt:signup_never_arrived']);
    const fleet = FleetReportSchema.parse(await adminGet(hub, '/hub/v1/fleet'));
    expect(fleet.stores[0]?.crmDeliveries).toMatchObject({ pending: 0, failed: 2, failedReasons: [{ reason: 'signup_never_arrived', count: 2 }] });

    // Retried before the sign-up came: the wait starts again, a whole day, rather than failing at once.
    expect(await retryFailed(hub)).toBe(2);
    await waitOutADay();

    // The sign-up arrives after all: both are owed again by themselves, and go after it, with the CRM's id.
    await upload(hub, token, [signupItem('prov-lost', '+46705550042')]);
    expect(await states()).toEqual(['receipt:pending:', 'consent:pending:', 'signup:pending:']);
    await deliverAll(hub, clock);
    expect((await states()).sort()).toEqual(['consent:delivered:', 'receipt:delivered:', 'signup:delivered:']);
    const crmId = connector.signUps.get('prov-lost')?.profileId;
    expect(connector.receipts.get('R-lost')?.profileId).toBe(crmId);
    expect(connector.consents).toMatchObject([{ profileId: crmId, purpose: 'marketingEmail', granted: true }]);
    for (const line of lines) expect(line).not.toContain('705550042');
  });

  it('queues no consents for a push that takes none, and nothing at all without a push', async () => {
    const connector = new ScriptedConnector();
    const { consent: _takesConsents, ...pushWithoutConsents } = connector.push;
    const clock = testClock();
    const under = await hubForTest({ connector: Object.assign(Object.create(connector) as ScriptedConnector, { push: pushWithoutConsents }), now: clock.now, changePoll: { intervalMs: 0 } });
    await seedMembers(under.hub, 3, clock.now());
    const token = await enrolDevice(under.hub);
    await upload(under.hub, token, [receiptItem('R-1', null), consentItem(testMember(2).profileId, 'marketingEmail', true)]);
    expect((await deliveryRows(under.hub)).map((r) => r.kind)).toEqual(['receipt']);
  });

  it('queues nothing for a connector without a push (the demo CRM: the ledger is where uploads end)', async () => {
    const connector = new ScriptedConnector();
    const withoutPush = Object.assign(Object.create(connector) as ScriptedConnector, { push: undefined });
    const clock = testClock();
    const under = await hubForTest({ connector: withoutPush, now: clock.now, changePoll: { intervalMs: 0 } });
    const token = await enrolDevice(under.hub);
    await upload(under.hub, token, [receiptItem('R-1', null), signupItem('prov-1', '+46705550002'), consentItem('prov-1', 'terms', true)]);
    expect(under.hub.deliveryWorker).toBeNull();
    expect(await deliveryRows(under.hub)).toEqual([]);
  });
});
