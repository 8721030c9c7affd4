import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { TillEvent } from '../../../main/api/contract/events';
import { TillFailure } from '../../../main/tillFailure';
import { problemStatus } from '../../../main/api/problemTable';
import { createPointsRedeemer } from '../../../main/stepup/pointsRedeemer';
import type { PointsRedeemerDeps } from '../../../main/stepup/pointsRedeemer';
import type { RedeemExchange } from '../../../sync/client/redeemClient';
import type { Profile } from '../../../sync/cache/types';
import type { PointsRedemptionRequest } from '../../../sync/protocol/redemption';

const AS_OF = 1_764_000_000_000;

/** A redeemer over fakes: the CRM answers from `answers` in turn; every request it saw is kept. */
function redeemerWith(answers: RedeemExchange[], overrides: Partial<PointsRedeemerDeps> = {}) {
  const sent: PointsRedemptionRequest[] = [];
  const events: TillEvent[] = [];
  const profile: Profile = { id: 'P00000007', firstName: 'Rut', displayName: 'Rut R.', tier: 'gold', pointsBalance: 500, pointsAsOf: AS_OF, status: 'active' };
  const refreshed: Profile[] = [];
  let keys = 0;
  const redeem = createPointsRedeemer({
    requireAllowed: () => ({ profileId: profile.id, assurance: 'verified' }),
    stillAllowed: () => ['attach_receipt', 'earn_points'],
    online: () => true,
    redeem: async (request) => {
      sent.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error('the fake CRM ran out of answers');
      return answer;
    },
    profiles: {
      findById: (id) => (id === profile.id ? profile : undefined),
      updatePoints: (_id, balance, asOf) => {
        profile.pointsBalance = balance;
        profile.pointsAsOf = asOf;
        return true;
      },
    },
    refreshCustomer: (p) => refreshed.push({ ...p }),
    publish: (event) => events.push(event),
    logger: pino({ enabled: false }),
    newKey: () => `key-${++keys}`,
    ...overrides,
  });
  return { redeem, sent, events, profile, refreshed };
}

const redeemed = (points: number, pointsBalance: number): RedeemExchange => ({
  outcome: 'redeemed', redemption: { status: 'redeemed', profileId: 'P00000007', points, pointsBalance, pointsAsOf: AS_OF + 1000 },
});

/** The refusal, as the POS API answers it: its code, the status the problem table gives it, and its facts. */
async function problemOf(promise: Promise<unknown>): Promise<{ type: string; status: number; message: string; extra: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TillFailure) return { type: error.code, status: problemStatus(error.code), message: error.message, extra: error.extra };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('createPointsRedeemer', () => {
  it('spends at the CRM, stores the new balance, refreshes the customer and tells the screens', async () => {
    const { redeem, sent, events, profile, refreshed } = redeemerWith([redeemed(120, 380)]);
    const answer = await redeem({ points: 120, receiptId: 'R-1' });
    expect(sent).toEqual([{ idempotencyKey: 'key-1', profileId: 'P00000007', points: 120, receiptId: 'R-1' }]);
    expect(answer).toMatchObject({ status: 'redeemed', points: 120, pointsBalance: 380, pointsAsOf: new Date(AS_OF + 1000).toISOString() });
    expect(profile.pointsBalance).toBe(380);
    expect(refreshed.map((p) => p.pointsBalance)).toEqual([380]);
    expect(events).toEqual([expect.objectContaining({ type: 'points.redeemed', points: 120, receiptId: 'R-1', profile: expect.objectContaining({ pointsBalance: 380 }) })]);
  });

  it.each([
    ['the same amount again', 50, 'key-1'],
    ['another amount', 60, 'key-2'],
  ])('after an answer was lost, %s goes with key %s', async (_what, points, key) => {
    const { redeem, sent } = redeemerWith([{ outcome: 'in_doubt', reason: 'timeout' }, redeemed(points, 450)]);
    expect((await problemOf(redeem({ points: 50 })))).toMatchObject({ type: 'offline', status: 503, extra: { inDoubt: true } });
    await redeem({ points });
    expect(sent.map((r) => r.idempotencyKey)).toEqual(['key-1', key]);
  });

  it('after a definite answer, the next redemption is a new one', async () => {
    const { redeem, sent } = redeemerWith([redeemed(50, 450), redeemed(50, 400)]);
    await redeem({ points: 50 });
    await redeem({ points: 50 });
    expect(sent.map((r) => r.idempotencyKey)).toEqual(['key-1', 'key-2']);
  });

  it.each([
    [{ outcome: 'insufficient_points' } as const, 'insufficient_points', 422],
    [{ outcome: 'unknown_profile' } as const, 'unknown_profile', 422],
    [{ outcome: 'not_enrolled' } as const, 'not_enrolled', 409],
    [{ outcome: 'refused', reason: 'unauthorized', status: 401 } as const, 'crm_refused', 502],
  ])('turns the CRM’s %j into %s %i, and changes nothing', async (answer, type, status) => {
    const { redeem, profile, events } = redeemerWith([answer]);
    expect(await problemOf(redeem({ points: 900 }))).toMatchObject({ type, status });
    expect(profile.pointsBalance).toBe(500);
    expect(events).toEqual([]);
  });

  it('says what the till last saw when the CRM finds too few points', async () => {
    const { redeem } = redeemerWith([{ outcome: 'insufficient_points' }]);
    const problem = await problemOf(redeem({ points: 900 }));
    expect(problem.extra).toEqual({ balance: 500 });
    expect(problem.message).toContain('900');
  });

  it('offline, sends nothing and says what still works', async () => {
    const { redeem, sent } = redeemerWith([], { online: () => false });
    const problem = await problemOf(redeem({ points: 1 }));
    expect(problem).toMatchObject({ type: 'offline', status: 503, extra: { inDoubt: false, stillAllowed: ['attach_receipt', 'earn_points'] } });
    expect(problem.message).toContain('Nothing was redeemed');
    expect(sent).toEqual([]);
  });

  it('lets the policy refuse first, before anything is sent', async () => {
    const refusal = new TillFailure('step_up_required', 'verify first');
    const { redeem, sent } = redeemerWith([], { online: () => false, requireAllowed: () => { throw refusal; } });
    await expect(redeem({ points: 1 })).rejects.toBe(refusal);
    expect(sent).toEqual([]);
  });

  it('refuses a second redemption while one is on its way', async () => {
    let release: (answer: RedeemExchange) => void = () => undefined;
    const { redeem, sent } = redeemerWith([], { redeem: (request) => { sent.push(request); return new Promise((resolve) => { release = resolve; }); } });
    const first = redeem({ points: 10 });
    expect(await problemOf(redeem({ points: 10 }))).toMatchObject({ type: 'redemption_in_progress', status: 409 });
    release(redeemed(10, 490));
    await expect(first).resolves.toMatchObject({ pointsBalance: 490 });
    expect(sent).toHaveLength(1);
  });
});
