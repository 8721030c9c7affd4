import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminCreatedSchema, KeyRotationResponseSchema } from '../../../hub/routes/adminAnswerSchemas';
import type { Change } from '../../../sync/protocol';
import { CrmHarness, problemOf } from './support/crmHarness';

describe('the change feed', () => {
  let h: CrmHarness;
  let token: string;
  let cursor: string;
  beforeEach(async () => {
    h = await CrmHarness.start({ members: 50, seed: 5, changeRetention: 1000 });
    token = await h.enrolTill();
    cursor = (await h.bootstrapAll(token, 100)).at(-1)?.cursor ?? '';
  });
  afterEach(async () => h.stop());

  it('is empty after a bootstrap, and an empty page keeps the cursor', async () => {
    const page = await h.changes(token, cursor);
    expect(page).toMatchObject({ changes: [], cursor, hasMore: false });
  });

  it('carries a created profile as an upsert with its normalised identifiers', async () => {
    const { id } = await h.adminOk('POST', '/admin/profiles', AdminCreatedSchema, {
      firstName: 'Greta', lastName: 'Garbo', phone: '070-999 88 77', email: ' Greta@Example.COM ', cardNumber: '0412 3456 7890 3', tier: 'gold', points: 10,
    });
    const page = await h.changes(token, cursor);
    expect(page.changes).toEqual([{
      type: 'upsert',
      profile: {
        id, firstName: 'Greta', displayName: 'Greta G.', tier: 'gold', pointsBalance: 10, pointsAsOf: expect.any(Number), status: 'active',
        identifiers: [{ kind: 'phone', value: '+46709998877' }, { kind: 'email', value: 'greta@example.com' }, { kind: 'card', value: '0412345678903' }],
      },
    }]);
    expect(page.cursor).not.toBe(cursor);
  });

  it('carries an erasure as a tombstone that holds no personal data', async () => {
    expect((await h.admin('DELETE', '/admin/profiles/P00000007')).status).toBe(204);
    const page = await h.changes(token, cursor);
    expect(page.changes).toEqual([{ type: 'erase', profileId: 'P00000007' }]);
    expect(JSON.stringify(page)).not.toContain(h.crm.demoMember(6).phone);
  });

  it('carries a merge, then the survivor with both identifier sets', async () => {
    const from = h.crm.demoMember(2);
    await h.admin('POST', '/admin/profiles/P00000003/merge', { into: 'P00000001' });
    const page = await h.changes(token, cursor);
    expect(page.changes.map((c) => c.type)).toEqual(['merge', 'upsert']);
    expect(page.changes[0]).toEqual({ type: 'merge', from: 'P00000003', into: 'P00000001' });
    const survivor = page.changes[1] as Extract<Change, { type: 'upsert' }>;
    expect(survivor.profile.id).toBe('P00000001');
    expect(survivor.profile.identifiers).toContainEqual({ kind: 'phone', value: from.phone });
    expect(survivor.profile.pointsBalance).toBe(h.crm.demoMember(0).points + from.points);
  });

  it('renders an upsert with the latest state, and skips one whose profile is gone since', async () => {
    await h.admin('PATCH', '/admin/profiles/P00000004', { tier: 'silver' });
    await h.admin('PATCH', '/admin/profiles/P00000004', { tier: 'gold' });
    await h.admin('PATCH', '/admin/profiles/P00000005', { points: 1 });
    await h.admin('DELETE', '/admin/profiles/P00000005');
    const page = await h.changes(token, cursor);
    expect(page.changes.map((c) => (c.type === 'upsert' ? `upsert ${c.profile.id} ${c.profile.tier}` : c.type))).toEqual([
      'upsert P00000004 gold', 'upsert P00000004 gold', 'erase',
    ]);
  });

  it('carries a key rotation as the whole new key set', async () => {
    const rotated = await h.adminOk('POST', '/admin/keys/rotate', KeyRotationResponseSchema, {});
    const page = await h.changes(token, cursor);
    expect(page.changes).toEqual([{ type: 'keys', keys: rotated.keys }]);
    expect(rotated.keys).toHaveLength(2);
  });

  it('pages with limit and hasMore, in order, each change once', async () => {
    await h.admin('POST', '/admin/changes/touch', { count: 25 });
    const seen: string[] = [];
    let at = cursor;
    for (let guard = 0; guard < 10; guard++) {
      const page = await h.changes(token, at, 10);
      seen.push(...page.changes.map((c) => (c.type === 'upsert' ? c.profile.id : c.type)));
      at = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `P${String(i + 1).padStart(8, '0')}`));
  });

  it('answers 410 cursor_expired for a cursor older than the retained window', async () => {
    await h.admin('POST', '/admin/changes/touch', { count: 1200 });
    const answer = await h.request('GET', `/sync/v1/changes?cursor=${cursor}`, { token });
    expect(answer.status).toBe(410);
    expect(problemOf(answer).type).toBe('cursor_expired');
  });

  it.each([
    ['from another epoch', 'c.zzzz.0'],
    ['from the future', 'c.EPOCH.999999'],
    ['that is not ours', 'opaque-but-foreign'],
    ['that is not even URL-safe', 'a%2Fb'],
  ])('answers 410 for a cursor %s', async (_name, c) => {
    const answer = await h.request('GET', `/sync/v1/changes?cursor=${c.replace('EPOCH', h.crm.epoch)}`, { token });
    expect(answer.status).toBe(410);
    expect(problemOf(answer).type).toBe('cursor_expired');
  });

  it('answers 400 without a cursor', async () => {
    const answer = await h.request('GET', '/sync/v1/changes', { token });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).errors?.[0]?.path).toBe('cursor');
  });
});
