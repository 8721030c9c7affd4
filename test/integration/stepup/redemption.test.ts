import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedeemPointsAnswerSchema, StepUpRequiredProblemSchema } from '../../../main/api/contract/stepUp';
import type { Assurance } from '../../../main/identify/types';
import type { DemoMember } from '../../../hub/connectors/demo/demoMembers';
import { AdminProfileViewSchema } from '../../../hub/routes/adminProfileSchemas';
import { crmAdmin } from '../sync/support/crmAdmin';
import { StepUpTill } from './support/stepUpTill';

let till: StepUpTill;
let crmStopped = false;

beforeAll(async () => {
  till = await StepUpTill.start();
});
afterEach(async () => {
  till.online = true;
  if (!crmStopped) await crmAdmin(till.crm).faults({});
});
afterAll(async () => {
  await till.close();
});

/** Demo member `index` at the till, at `assurance` (a verified customer scanned the member QR, say). */
function customerAt(index: number, assurance: Assurance): DemoMember {
  const member = till.identify(index);
  const current = till.session.get();
  if (!current) throw new Error('no customer');
  till.session.set({ ...current, assurance });
  return member;
}

async function crmBalance(profileId: string): Promise<number> {
  return AdminProfileViewSchema.parse(await crmAdmin(till.crm).profile(profileId)).profile.pointsBalance;
}

/** Redemptions in the hub's ledger (one per idempotency key). */
async function redemptionKeysAtCrm(): Promise<number> {
  const [row] = await till.crm.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM upload_ledger WHERE kind = 'redemption'");
  return row?.n ?? 0;
}

const redeem = (points: number, receiptId?: string) => till.call('POST', '/api/v1/points/redeem', { points, ...(receiptId ? { receiptId } : {}) });

describe('POST /api/v1/points/redeem', () => {
  it.each(['claimed', 'possession'] as const)('refuses a %s customer with the ways to verify, and spends nothing', async (assurance) => {
    const member = customerAt(0, assurance);
    const answer = await redeem(10);
    expect(answer.status).toBe(403);
    expect(StepUpRequiredProblemSchema.parse(answer.json)).toMatchObject({ required: 'verified', current: assurance, methods: ['sms', 'email_link', 'bankid'], offline: false });
    expect(await crmBalance(member.profileId)).toBe(member.points);
  });

  it('spends a verified customer’s points at the CRM, and the till follows: cache, session and screen', async () => {
    const member = customerAt(1, 'verified');
    expect(member.points).toBeGreaterThan(10);
    const answer = await redeem(10, 'R-42');
    expect(answer.status).toBe(200);
    const redeemed = RedeemPointsAnswerSchema.parse(answer.json);
    expect(redeemed).toMatchObject({ status: 'redeemed', points: 10, pointsBalance: member.points - 10, profile: { id: member.profileId, pointsBalance: member.points - 10 } });
    expect(await crmBalance(member.profileId)).toBe(member.points - 10);
    expect(till.cache.profiles.findById(member.profileId)?.pointsBalance).toBe(member.points - 10);
    expect(till.cache.profiles.findByIdentifier('phone', member.phone)?.id).toBe(member.profileId);
    expect(till.session.get()?.profile.pointsBalance).toBe(member.points - 10);
    expect(till.session.get()?.assurance).toBe('verified');
    const event = await till.waitFor('points.redeemed', (e) => e.profile.id === member.profileId);
    expect(event).toMatchObject({ points: 10, receiptId: 'R-42', profile: { pointsBalance: member.points - 10 } });
  });

  it('refuses more points than the CRM holds, and spends nothing', async () => {
    const member = customerAt(2, 'verified');
    const answer = await redeem(member.points + 1);
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ type: 'https://tillid.dev/problems/insufficient_points', balance: member.points });
    expect(await crmBalance(member.profileId)).toBe(member.points);
  });

  it('offline, says plainly that nothing was redeemed and what still works', async () => {
    const member = customerAt(3, 'verified');
    till.online = false;
    const answer = await redeem(1);
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ type: 'https://tillid.dev/problems/offline', inDoubt: false, stillAllowed: expect.arrayContaining(['attach_receipt', 'earn_points']) });
    expect((answer.json as { detail: string }).detail).toMatch(/Nothing was redeemed.*earning points/);
    expect(await crmBalance(member.profileId)).toBe(member.points);
  });

  it('offline and not verified, says no verification can start', async () => {
    customerAt(3, 'claimed');
    till.online = false;
    const answer = await redeem(1);
    expect(answer.status).toBe(403);
    expect(StepUpRequiredProblemSchema.parse(answer.json)).toMatchObject({ offline: true, methods: [], stillAllowed: ['attach_receipt', 'earn_points'] });
  });

  it('after a lost answer, sends the same redemption again and the CRM spends it once', async () => {
    const member = customerAt(4, 'verified');
    const keysBefore = await redemptionKeysAtCrm();
    await crmAdmin(till.crm).faults({ commitThenFailRate: 1, routes: ['redeem'] });
    const lost = await redeem(5);
    expect(lost.status).toBe(503);
    expect(lost.json).toMatchObject({ type: 'https://tillid.dev/problems/offline', inDoubt: true });
    expect(await crmBalance(member.profileId)).toBe(member.points - 5);

    await crmAdmin(till.crm).faults({});
    const retried = RedeemPointsAnswerSchema.parse((await redeem(5)).json);
    expect(retried.pointsBalance).toBe(member.points - 5);
    expect(await crmBalance(member.profileId)).toBe(member.points - 5);
    expect(await redemptionKeysAtCrm()).toBe(keysBefore + 1);

    // A new redemption after that one is a new one.
    expect(RedeemPointsAnswerSchema.parse((await redeem(5)).json).pointsBalance).toBe(member.points - 10);
    expect(await redemptionKeysAtCrm()).toBe(keysBefore + 2);
  });

  it('refuses a second redemption while the first is on its way to the CRM', async () => {
    const member = customerAt(5, 'verified');
    await crmAdmin(till.crm).faults({ latencyMs: 400, routes: ['redeem'] });
    const first = redeem(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await redeem(1);
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ type: 'https://tillid.dev/problems/redemption_in_progress' });
    expect((await first).status).toBe(200);
    expect(await crmBalance(member.profileId)).toBe(member.points - 1);
  });

  it('when the CRM is down, answers in doubt and spends nothing', async () => {
    const member = customerAt(6, 'verified');
    await till.stopCrm();
    crmStopped = true;
    const answer = await redeem(1);
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ type: 'https://tillid.dev/problems/offline', inDoubt: true });
    expect(till.cache.profiles.findById(member.profileId)?.pointsBalance).toBe(member.points);
  });
});
