import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InsufficientPointsProblemSchema, PointsRedemptionSchema, REDEMPTION_PATH, SyncProblemSchema, WireProfileSchema,
} from '../../../sync/protocol';
import type { PointsRedemptionRequest } from '../../../sync/protocol';
import { AdminProfileViewSchema } from '../../../hub/routes/adminProfileSchemas';
import { CrmHarness, signupItem } from '../emulator/support/crmHarness';
import type { HttpAnswer } from '../emulator/support/crmHarness';

let harness: CrmHarness;
let token: string;
let otherTill: string;
let nextPhone = 0;

/** A fresh member holding `points`, so no test spends another's points. */
async function member(points: number): Promise<string> {
  const phone = `+46732${String(nextPhone++).padStart(6, '0')}`;
  const created = await harness.admin('POST', '/admin/profiles', { firstName: 'Rut', phone, points });
  if (created.status !== 201) throw new Error(`create profile → ${created.status} ${created.text}`);
  return (created.json as { id: string }).id;
}

async function balanceOf(profileId: string): Promise<number> {
  return (await harness.adminOk('GET', `/admin/profiles/${profileId}`, AdminProfileViewSchema)).profile.pointsBalance;
}

function redeem(body: Partial<PointsRedemptionRequest> | Record<string, unknown>, as: string | null = token): Promise<HttpAnswer> {
  return harness.request('POST', REDEMPTION_PATH, { token: as, body });
}

beforeAll(async () => {
  harness = await CrmHarness.start({ members: 20, seed: 5 });
  token = await harness.enrolTill('Kassa 1');
  otherTill = await harness.enrolTill('Kassa 2');
});

afterAll(async () => {
  await harness.stop();
});

describe('POST /sync/v1/points/redeem', () => {
  it('spends the points and announces the new balance in the change feed', async () => {
    const profileId = await member(500);
    const pages = await harness.bootstrapAll(token, 1000);
    const cursor = pages.at(-1)?.cursor ?? '';
    const answer = await redeem({ idempotencyKey: uuidv7(), profileId, points: 120, receiptId: 'R-1001' });
    expect(answer.status).toBe(200);
    const redemption = PointsRedemptionSchema.parse(answer.json);
    expect(redemption).toMatchObject({ status: 'redeemed', profileId, points: 120, pointsBalance: 380 });
    expect(await balanceOf(profileId)).toBe(380);
    const upserts = (await harness.changes(token, cursor)).changes.flatMap((c) => (c.type === 'upsert' ? [WireProfileSchema.parse(c.profile)] : []));
    expect(upserts.find((p) => p.id === profileId)).toMatchObject({ pointsBalance: 380, pointsAsOf: redemption.pointsAsOf });
  });

  it('answers a retry with the same key the first answer, and spends nothing more', async () => {
    const profileId = await member(300);
    const request = { idempotencyKey: uuidv7(), profileId, points: 100 };
    const first = await redeem(request);
    const again = await redeem(request);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(await balanceOf(profileId)).toBe(200);
  });

  it.each([
    ['another amount', { points: 99 }],
    ['another receipt', { receiptId: 'R-2' }],
  ])('refuses the same key for %s (a bug on the till’s side), spending nothing', async (_what, change) => {
    const profileId = await member(300);
    const request = { idempotencyKey: uuidv7(), profileId, points: 100 };
    expect((await redeem(request)).status).toBe(200);
    const reused = await redeem({ ...request, ...change });
    expect(reused.status).toBe(400);
    expect(SyncProblemSchema.parse(reused.json).type).toBe('bad_request');
    expect(await balanceOf(profileId)).toBe(200);
  });

  it('refuses more points than the profile holds, says how many it has, and spends nothing', async () => {
    const profileId = await member(50);
    const answer = await redeem({ idempotencyKey: uuidv7(), profileId, points: 51 });
    expect(answer.status).toBe(422);
    expect(InsufficientPointsProblemSchema.parse(answer.json)).toMatchObject({ type: 'insufficient_points', pointsBalance: 50 });
    expect(await balanceOf(profileId)).toBe(50);
    expect((await redeem({ idempotencyKey: uuidv7(), profileId, points: 50 })).json).toMatchObject({ pointsBalance: 0 });
  });

  it('lets two tills racing for the same points spend them once', async () => {
    const profileId = await member(200);
    const [a, b] = await Promise.all([
      redeem({ idempotencyKey: uuidv7(), profileId, points: 150 }, token),
      redeem({ idempotencyKey: uuidv7(), profileId, points: 150 }, otherTill),
    ]);
    expect([a?.status, b?.status].sort()).toEqual([200, 422]);
    expect(await balanceOf(profileId)).toBe(50);
  });

  it.each([
    ['never existed', 'P99999999'],
    ['not a CRM id nor a mapped provisional id', '0192f000-0000-7000-8000-000000000000'],
  ])('answers 404 unknown_profile for a profile that %s', async (_what, profileId) => {
    const answer = await redeem({ idempotencyKey: uuidv7(), profileId, points: 1 });
    expect(answer.status).toBe(404);
    expect(SyncProblemSchema.parse(answer.json).type).toBe('unknown_profile');
  });

  it('answers unknown_profile for an erased profile', async () => {
    const profileId = await member(100);
    expect((await harness.admin('DELETE', `/admin/profiles/${profileId}`)).status).toBe(204);
    expect(SyncProblemSchema.parse((await redeem({ idempotencyKey: uuidv7(), profileId, points: 1 })).json).type).toBe('unknown_profile');
  });

  it('charges the survivor of a merge, and a sign-up through its mapping', async () => {
    const from = await member(100);
    const into = await member(100);
    expect((await harness.admin('POST', `/admin/profiles/${from}/merge`, { into })).status).toBeLessThan(300);
    const merged = PointsRedemptionSchema.parse((await redeem({ idempotencyKey: uuidv7(), profileId: from, points: 150 })).json);
    expect(merged).toMatchObject({ profileId: into, pointsBalance: 50 });

    const provisionalId = uuidv7();
    const [result] = (await harness.upload(token, [signupItem(provisionalId, [{ kind: 'phone', value: '+46732999999' }])])).results;
    const mapped = result?.mapping?.profileId ?? '';
    await harness.admin('PATCH', `/admin/profiles/${mapped}`, { points: 40 });
    const bySignup = PointsRedemptionSchema.parse((await redeem({ idempotencyKey: uuidv7(), profileId: provisionalId, points: 40 })).json);
    expect(bySignup).toMatchObject({ profileId: mapped, pointsBalance: 0 });
  });

  it.each([
    ['no points', { points: 0 }],
    ['a fraction', { points: 1.5 }],
    ['a key that is not a UUIDv7', { idempotencyKey: 'abc' }],
    ['a receipt id with spaces', { receiptId: 'R 1' }],
  ])('refuses %s as a bad request', async (_what, change) => {
    const answer = await redeem({ idempotencyKey: uuidv7(), profileId: 'P00000001', points: 1, ...change });
    expect(answer.status).toBe(400);
    expect(SyncProblemSchema.parse(answer.json).type).toBe('bad_request');
  });

  it('needs a device token', async () => {
    const answer = await redeem({ idempotencyKey: uuidv7(), profileId: 'P00000001', points: 1 }, null);
    expect(answer.status).toBe(401);
  });
});
