import { afterEach, describe, expect, it } from 'vitest';
import { ProfileRowSchema, profileFromRow } from '../../../sync/protocol';
import { AdminCreatedSchema } from '../../../hub/routes/adminAnswerSchemas';
import { CrmHarness, problemOf } from './support/crmHarness';

describe('bootstrap', () => {
  let h: CrmHarness;
  afterEach(async () => h.stop());

  it('pages cover every member exactly once, in id order, as the demo generator made them', async () => {
    h = await CrmHarness.start({ members: 2345, seed: 9 });
    const token = await h.enrolTill();
    const pages = await h.bootstrapAll(token, 500);
    expect(pages.map((p) => p.rows.length)).toEqual([500, 500, 500, 500, 345]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r[0]));
    expect(new Set(ids).size).toBe(2345);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(pages.map((p) => p.cursor)).size).toBe(1);
    expect(pages.every((p) => p.total === 2345 && p.keys.length === 1)).toBe(true);

    for (const index of [0, 1, 3, 10, 2344]) {
      const row = ProfileRowSchema.parse(pages.flatMap((p) => p.rows)[index]);
      const m = h.crm.demoMember(index);
      const profile = profileFromRow(row);
      expect(profile).toMatchObject({ id: m.profileId, firstName: m.firstName, displayName: m.displayName, tier: m.tier, pointsBalance: m.points });
      expect(profile.identifiers).toContainEqual({ kind: 'phone', value: m.phone });
      if (m.cardNumber) expect(profile.identifiers).toContainEqual({ kind: 'card', value: m.cardNumber });
    }
  });

  it('resumes from any page token and ends on a page that exactly fills the limit', async () => {
    h = await CrmHarness.start({ members: 30 });
    const token = await h.enrolTill();
    const first = await h.bootstrapPage(token, null, 10);
    const rest = await h.bootstrapPage(token, first.nextPageToken, 20);
    expect(rest.rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => `P${String(i + 11).padStart(8, '0')}`));
    expect(rest.nextPageToken).toBeNull();
    const resumedAgain = await h.bootstrapPage(token, first.nextPageToken, 20);
    expect(resumedAgain.rows).toEqual(rest.rows);
  });

  it('replays, through the change feed, what changed while the bootstrap ran', async () => {
    h = await CrmHarness.start({ members: 20 });
    const token = await h.enrolTill();
    const first = await h.bootstrapPage(token, null, 10);
    const { id } = await h.adminOk('POST', '/admin/profiles', AdminCreatedSchema, { firstName: 'Greta', phone: '+46 70 999 88 77' });
    await h.admin('DELETE', '/admin/profiles/P00000002');
    const last = await h.bootstrapPage(token, first.nextPageToken, 100);
    expect(last.rows.map((r) => r[0])).toContain(id);
    const changes = await h.changes(token, last.cursor);
    expect(changes.changes.map((c) => c.type)).toEqual(['upsert', 'erase']);
  });

  it.each([
    ['a token from another emulator', 'b.zzzz.0.10.20', 410, 'cursor_expired'],
    ['a token that is not one of ours', 'hello', 410, 'cursor_expired'],
    ['a token that is not even URL-safe', 'a%20b', 410, 'cursor_expired'],
    ['a limit above the maximum', null, 400, 'bad_request'],
  ])('refuses %s', async (_name, after, status, type) => {
    h = await CrmHarness.start({ members: 20 });
    const token = await h.enrolTill();
    const query = after ? `after=${after}` : 'limit=20001';
    const answer = await h.request('GET', `/sync/v1/bootstrap?${query}`, { token });
    expect(answer.status).toBe(status);
    expect(problemOf(answer).type).toBe(type);
  });

  it('expires a page token whose snapshot fell out of the change log', async () => {
    h = await CrmHarness.start({ members: 20 });
    const token = await h.enrolTill();
    const first = await h.bootstrapPage(token, null, 10);
    await h.admin('POST', '/admin/changes/touch', { count: 5 });
    await h.admin('POST', '/admin/changes/compact', { keep: 0 });
    const answer = await h.request('GET', `/sync/v1/bootstrap?after=${first.nextPageToken}`, { token });
    expect(answer.status).toBe(410);
    expect(problemOf(answer).type).toBe('cursor_expired');
  });
});
