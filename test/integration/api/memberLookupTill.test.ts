import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../../drivers/scanEvent';
import type { TillEvent } from '../../../main/api/contract/events';
import { ReceiptRequestSchema } from '../../../main/api/contract/receipt';
import { TillConfigSchema } from '../../../main/config/tillConfig';
import { createTill } from '../../../main/till/till';
import { openMemberCache } from '../../../sync/cache';
import type { MemberCache, Profile } from '../../../sync/cache';
import type { MemberLookupFetch } from '../../../sync/client/memberLookupClient';
import { ANNA, seedProfiles } from '../../support/seedProfiles';

const VERA: Profile = { id: 'CRM-VERA', firstName: 'Vera', displayName: 'Vera C.', tier: null, pointsBalance: 0, pointsAsOf: null, status: 'active' };

let dir: string | undefined;
let cache: MemberCache | undefined;
afterEach(() => {
  cache?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  cache = undefined;
  dir = undefined;
});

/** The till core over a real cache, with a CRM side whose lookups the test answers one by one. */
function rig(options: { online: boolean }) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-lookup-core-'));
  const opened = openMemberCache(dir, { logger: pino({ enabled: false }) });
  cache = opened;
  seedProfiles(opened);
  const asked: string[] = [];
  const pending: Array<(answer: MemberLookupFetch) => void> = [];
  const till = createTill({
    cache: opened, config: TillConfigSchema.parse({}), logger: pino({ enabled: false }), tillId: () => 'till-1',
    sync: { status: () => ({ online: options.online }), online: () => options.online, syncNow: async () => ({}), notifyOutbox: () => undefined, memberList: () => undefined },
    lookUpMember: (identifier) => {
      asked.push(identifier.kind);
      return new Promise((resolve) => pending.push(resolve));
    },
  });
  const events: TillEvent[] = [];
  till.subscribe((event) => events.push(event));
  return { till, asked, events, answer: (a: MemberLookupFetch) => pending.shift()?.(a), answerNewest: (a: MemberLookupFetch) => pending.pop()?.(a) };
}

/** A sale of 10 SEK as the POS sends it, with no profile named: it goes to whoever is the customer. */
const receipt = (receiptId: string) => ReceiptRequestSchema.parse({
  receiptId, createdAt: new Date().toISOString(), currency: 'SEK', total: 10,
  lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 10, amount: 10 }], payments: [{ method: 'card', amount: 10 }],
});

const scan = (label: string): ScanEvent => ({ deviceId: 'serial:/dev/ttyACM0', transport: 'serial', label, raw: '', symbology: 'qr', symbologyGuessed: true, receivedAt: Date.now(), transmitMs: 3 });

describe('the till core asks the CRM side after a miss while online', () => {
  it('offline, a miss answers at once and nothing is asked', async () => {
    const { till, asked, events } = rig({ online: false });
    expect(await till.identify('070-888 00 01', 'typed')).toMatchObject({ result: 'not_found', kind: 'phone' });
    expect(asked).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['identify.not_found']);
  });

  it('a cache hit never asks', async () => {
    const { till, asked } = rig({ online: true });
    expect((await till.identify('070-123 45 67', 'typed')).result).toBe('identified');
    expect(asked).toEqual([]);
  });

  it('a lookup overtaken by another customer answers not found and leaves that customer in place', async () => {
    const { till, events, answer } = rig({ online: true });
    const late = till.identify('070-888 00 01', 'typed');
    // Anna is identified while the lookup is under way.
    expect((await till.identify(ANNA.identifiers[0]!.value, 'typed')).result).toBe('identified');
    answer({ outcome: 'found', profile: VERA });
    expect(await late).toMatchObject({ result: 'not_found' });
    expect(till.session().customer?.profile.id).toBe(ANNA.profile.id);
    expect(events.filter((e) => e.type === 'identified').map((e) => e.type === 'identified' && e.profile.id)).toEqual([ANNA.profile.id]);
  });

  it('a scanned number several members share: identify.ambiguous, then the scan event with that result', async () => {
    const { till, events, answer } = rig({ online: true });
    const handled = till.handleScan(scan('tel:+46735550100'));
    answer({ outcome: 'several' });
    expect(await handled).toMatchObject({ result: 'ambiguous', kind: 'phone' });
    expect(events.map((e) => [e.type, 'result' in e ? e.result : undefined])).toEqual([['identify.ambiguous', undefined], ['scan', 'ambiguous']]);
  });

  it.each<[string, string, MemberLookupFetch | null]>([
    ['names nobody (the cache and the CRM side)', '070-888 00 01', { outcome: 'not_found' }],
    ['names several members', '073-555 01 00', { outcome: 'several' }],
    ['is a card nobody holds (offline, the cache alone)', '0478343776867', null],
  ])('a customer is forgotten when what is presented next %s: a receipt without a profile is nobody\'s', async (_name, input, outcome) => {
    const { till, events, answer } = rig({ online: outcome !== null });
    await till.identify(ANNA.identifiers[0]!.value, 'typed');
    events.length = 0;
    const next = till.identify(input, 'typed');
    if (outcome !== null) answer(outcome);
    expect((await next).result).not.toBe('identified');
    expect(till.session().customer).toBeNull();
    expect(events.map((e) => (e.type === 'session.cleared' ? `session.cleared:${e.reason}` : e.type))).toEqual([
      'session.cleared:replaced', outcome?.outcome === 'several' ? 'identify.ambiguous' : 'identify.not_found',
    ]);
    expect(till.recordReceipt(receipt('r-next')).profileId).toBeNull();
  });

  it('a rejected or ignored input keeps the customer (an expired QR may be theirs; a product code is nobody\'s)', async () => {
    const { till, events } = rig({ online: true });
    await till.identify(ANNA.identifiers[0]!.value, 'typed');
    events.length = 0;
    expect((await till.identify('12', 'typed')).result).toBe('rejected');
    expect((await till.handleScan(scan('7310865004703'))).result).toBe('ignored');
    expect(till.session().customer?.profile.id).toBe(ANNA.profile.id);
    expect(events.some((e) => e.type === 'session.cleared')).toBe(false);
  });

  it('of two lookups under way, the later presentation decides, whichever answer comes first', async () => {
    const { till, events, answer } = rig({ online: true });
    const vera = till.identify('070-888 00 01', 'typed');
    const shared = till.identify('073-555 01 00', 'typed');
    answer({ outcome: 'found', profile: VERA });
    expect(await vera).toMatchObject({ result: 'not_found' });
    answer({ outcome: 'several' });
    expect(await shared).toMatchObject({ result: 'ambiguous' });
    expect(till.session().customer).toBeNull();
    expect(events.some((e) => e.type === 'identified')).toBe(false);
  });

  it('a receipt sent while the CRM side is asked about the next customer is not the customer before\'s', async () => {
    const { till, answer } = rig({ online: true });
    await till.identify(ANNA.identifiers[0]!.value, 'typed');
    const next = till.identify('073-555 01 00', 'typed');
    expect(till.recordReceipt(receipt('r-meanwhile')).profileId).toBeNull();
    answer({ outcome: 'several' });
    await next;
  });

  it('a lookup answered after the session was cleared does not bring its member in', async () => {
    const { till, answer } = rig({ online: true });
    const late = till.identify('070-888 00 01', 'typed');
    till.clearSession();
    answer({ outcome: 'found', profile: VERA });
    expect(await late).toMatchObject({ result: 'not_found' });
    expect(till.session().customer).toBeNull();
  });

  it('a lookup overtaken by a presentation that named nobody does not make its member the customer', async () => {
    const { till, answer, answerNewest } = rig({ online: true });
    const late = till.identify('070-888 00 01', 'typed');
    const card = till.identify('0478343776867', 'scan');
    answerNewest({ outcome: 'not_found' });
    expect((await card).result).toBe('not_found');
    answer({ outcome: 'found', profile: VERA });
    expect(await late).toMatchObject({ result: 'not_found' });
    expect(till.session().customer).toBeNull();
  });

  it.each<[string, MemberLookupFetch]>([
    ['nobody', { outcome: 'not_found' }],
    ['the hub did not answer in time', { outcome: 'offline', reason: 'timeout' }],
    ['the hub refused', { outcome: 'refused', reason: 'rejected_request', status: 400 }],
  ])('%s: not found, as offline', async (_name, outcome) => {
    const { till, events, answer } = rig({ online: true });
    const pending = till.identify('070-888 00 01', 'typed');
    answer(outcome);
    expect(await pending).toMatchObject({ result: 'not_found', kind: 'phone', assurance: 'claimed' });
    expect(events.map((e) => e.type)).toEqual(['identify.not_found']);
  });
});
