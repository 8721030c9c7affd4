import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { TillEvent } from '../../../main/api/contract/events';
import type { ProfileSummary } from '../../../main/api/contract/profile';
import { createCrmSummaryHolder } from '../../../main/till/crmSummaryHolder';
import { CustomerSession } from '../../../main/till/customerSession';
import { TillEventBus } from '../../../main/till/eventBus';
import type { Profile } from '../../../sync/cache/types';
import type { ProfileSummaryFetch } from '../../../sync/client/profileSummaryClient';

const IDLE_MS = 60_000;

function profile(id: string, status: Profile['status'] = 'active'): Profile {
  return { id, firstName: 'Anna', displayName: 'Anna L.', tier: 'gold', pointsBalance: 10, pointsAsOf: 0, status } as Profile;
}

function summaryOf(id: string): ProfileSummaryFetch {
  return { outcome: 'summary', summary: { profileId: id, offers: [{ id: 'o1', title: '20 % på kaffe', personal: false, redeemable: true }], recentPurchases: [] } };
}

/** A holder over a real bus and session, with a CRM whose answers the test releases one by one. */
function rig(options: { online?: boolean } = {}) {
  let clock = 1_000_000;
  const bus = new TillEventBus();
  const session = new CustomerSession(IDLE_MS, () => clock);
  const asked: string[] = [];
  const pending = new Map<string, (answer: ProfileSummaryFetch) => void>();
  const published: TillEvent[] = [];
  bus.subscribe((event) => published.push(event));
  const holder = createCrmSummaryHolder({
    bus,
    session,
    online: () => options.online ?? true,
    logger: pino({ enabled: false }),
    now: () => clock,
    fetch: (profileId) => {
      asked.push(profileId);
      return new Promise((resolve) => pending.set(profileId, resolve));
    },
  });
  return {
    holder,
    bus,
    asked,
    summaries: () => published.filter((e) => e.type === 'profile.summary'),
    /** What the till does on an identification: the session first, then the event; then the turn the holder asks in. */
    async identify(id: string, status: Profile['status'] = 'active') {
      this.identifyNow(id, status);
      await new Promise((resolve) => setImmediate(resolve));
    },
    identifyNow(id: string, status: Profile['status'] = 'active') {
      const p = profile(id, status);
      session.raise(p, 'phone', 'claimed', ['claimed', 'possession', 'verified']);
      const summary: ProfileSummary = { id, firstName: 'Anna', displayName: null, tier: null, pointsBalance: 10, pointsAsOf: null, status };
      bus.publish({ type: 'identified', profile: summary, consents: [], receipts: [], kind: 'phone', assurance: 'claimed', source: 'typed' });
    },
    clear() {
      session.clear();
      bus.publish({ type: 'session.cleared', reason: 'api' });
    },
    async answer(id: string, answer: ProfileSummaryFetch = summaryOf(id)) {
      pending.get(id)?.(answer);
      pending.delete(id);
      // Lets the holder's continuation run (it is a few promise hops behind the answer).
      await new Promise((resolve) => setImmediate(resolve));
    },
    pass(ms: number) {
      clock += ms;
    },
  };
}

describe('the CRM summary holder', () => {
  it('drops an offer a till redeemed and tells the screens; another customer\'s offer is left alone', async () => {
    const t = rig();
    await t.identify('P1');
    await t.answer('P1');
    t.holder.dropOffer('P2', 'o1');
    expect(t.summaries()).toHaveLength(1);
    t.holder.dropOffer('P1', 'o1');
    expect(t.holder.forProfile('P1')?.offers).toEqual([]);
    expect(t.summaries().at(-1)).toMatchObject({ profileId: 'P1', offers: [] });
    t.holder.dropOffer('P1', 'o1');
    expect(t.summaries()).toHaveLength(2);
  });

  it('fetches after an identification, publishes the summary and holds it for that customer', async () => {
    const t = rig();
    await t.identify('P1');
    expect(t.asked).toEqual(['P1']);
    expect(t.holder.forProfile('P1')).toBeUndefined();
    await t.answer('P1');
    expect(t.summaries()).toEqual([{ type: 'profile.summary', profileId: 'P1', offers: [expect.objectContaining({ title: '20 % på kaffe' })], recentPurchases: [], fetchedAt: new Date(1_000_000).toISOString() }]);
    expect(t.holder.forProfile('P1')?.offers).toHaveLength(1);
    expect(t.holder.forProfile('P2')).toBeUndefined();
  });

  it.each([
    ['offline', { online: false }, 'active'],
    ['a member made at this till, not yet at the CRM', {}, 'pending_sync'],
  ] as const)('does not ask for %s', async (_what, options, status) => {
    const t = rig(options);
    await t.identify('P1', status);
    expect(t.asked).toEqual([]);
  });

  it('asks once when the same person presents again (a QR after a typed phone)', async () => {
    const t = rig();
    await t.identify('P1');
    await t.identify('P1');
    await t.answer('P1');
    await t.identify('P1');
    expect(t.asked).toEqual(['P1']);
    expect(t.summaries()).toHaveLength(1);
  });

  it.each([
    ['the session was cleared', (t: ReturnType<typeof rig>) => t.clear()],
    ['another customer came', (t: ReturnType<typeof rig>) => t.identify('P2')],
  ])('drops an answer that comes after %s', async (_what, meanwhile) => {
    const t = rig();
    await t.identify('P1');
    await meanwhile(t);
    await t.answer('P1');
    expect(t.summaries().filter((e) => e.type === 'profile.summary' && e.profileId === 'P1')).toEqual([]);
    expect(t.holder.forProfile('P1')).toBeUndefined();
  });

  it.each<[string, ProfileSummaryFetch]>([
    ['offline', { outcome: 'offline', reason: 'timeout' }],
    ['not enrolled', { outcome: 'not_enrolled' }],
    ['an unknown profile', { outcome: 'unknown_profile' }],
    ['a refusal', { outcome: 'refused', reason: 'unauthorized', status: 401 }],
  ])('publishes nothing and holds nothing when the CRM answer is %s', async (_what, answer) => {
    const t = rig();
    await t.identify('P1');
    await t.answer('P1', answer);
    expect(t.summaries()).toEqual([]);
    expect(t.holder.forProfile('P1')).toBeUndefined();
  });

  it('forgets the summary with the session: cleared, replaced, or idle', async () => {
    const t = rig();
    await t.identify('P1');
    await t.answer('P1');
    t.clear();
    expect(t.holder.forProfile('P1')).toBeUndefined();

    await t.identify('P1');
    await t.answer('P1');
    expect(t.holder.forProfile('P1')).toBeDefined();
    t.pass(IDLE_MS + 1);
    expect(t.holder.forProfile('P1')).toBeUndefined();
  });

  it('asks only once every subscriber has the identification (the POS must not wait for the request to be set up)', async () => {
    const t = rig();
    const askedWhenSeen: number[] = [];
    t.bus.subscribe((event) => {
      if (event.type === 'identified') askedWhenSeen.push(t.asked.length);
    });
    t.identifyNow('P1');
    expect(askedWhenSeen).toEqual([0]);
    expect(t.asked).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.asked).toEqual(['P1']);
  });

  it('does not ask at all when the session is cleared before its turn', async () => {
    const t = rig();
    t.identifyNow('P1');
    t.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.asked).toEqual([]);
  });

  it('stops listening when closed', async () => {
    const t = rig();
    t.holder.close();
    await t.identify('P1');
    expect(t.asked).toEqual([]);
  });
});
