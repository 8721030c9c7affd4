import { createPublicKey, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminCreatedSchema, AdminStatsSchema, KeyRotationResponseSchema, MemberQrResponseSchema } from '../../../hub/routes/adminAnswerSchemas';
import { AdminProfileViewSchema } from '../../../hub/routes/adminProfileSchemas';
import { KeySetSchema, MEMBER_QR_MAX_LIFETIME_SECONDS, MemberQrPayloadSchema } from '../../../sync/protocol';
import type { MemberQrKey } from '../../../sync/protocol';
import { CrmHarness, receiptItem } from './support/crmHarness';

function verifies(token: string, keys: MemberQrKey[]): boolean {
  const [prefix, payload, signature] = token.split('.');
  const { kid } = MemberQrPayloadSchema.parse(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')));
  const key = keys.find((k) => k.kid === kid);
  if (!key) return false;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
  return verify(null, Buffer.from(`${prefix}.${payload}`, 'ascii'), publicKey, Buffer.from(signature ?? '', 'base64url'));
}

describe('admin API', () => {
  let h: CrmHarness;
  beforeEach(async () => {
    h = await CrmHarness.start({ members: 20, seed: 3 });
  });
  afterEach(async () => h.stop());

  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-admin-token'],
  ])('refuses %s', async (_name, token) => {
    for (const [method, path] of [['GET', '/admin/stats'], ['POST', '/admin/enrolment-codes'], ['DELETE', '/admin/profiles/P00000001']]) {
      const answer = await h.request(method as string, path as string, { token, body: method === 'POST' ? {} : undefined });
      expect(answer.status).toBe(401);
    }
    expect((await h.admin('GET', '/admin/profiles/P00000001')).status).toBe(200);
  });

  it('refuses a device token on the admin API', async () => {
    const token = await h.enrolTill();
    expect((await h.request('GET', '/admin/stats', { token })).status).toBe(401);
  });

  it.each([
    ['070-123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
  ])('normalises phone %s to %s', async (phone, e164) => {
    const { id } = await h.adminOk('POST', '/admin/profiles', AdminCreatedSchema, { firstName: 'Astrid', phone });
    const view = await h.adminOk('GET', `/admin/profiles/${id}`, AdminProfileViewSchema);
    expect(view.profile.identifiers).toEqual([{ kind: 'phone', value: e164 }]);
  });

  it.each([
    ['an invalid phone', { firstName: 'A', phone: '12' }, 400, 'bad_request'],
    ['an invalid e-mail', { firstName: 'A', email: 'not an email' }, 400, 'bad_request'],
    ['no first name', { phone: '0701234567' }, 400, 'bad_request'],
    ['a demo member\'s phone', { firstName: 'A', phone: 'DEMO_PHONE' }, 409, 'identifier_taken'],
  ])('refuses a profile with %s', async (_name, body: Record<string, string>, status, type) => {
    const phone = body.phone === 'DEMO_PHONE' ? h.crm.demoMember(3).phone : body.phone;
    const answer = await h.admin('POST', '/admin/profiles', { ...body, phone });
    expect(answer.status).toBe(status);
    expect((answer.json as { type: string }).type).toBe(type);
    expect(answer.text).not.toContain('12');
  });

  it('shows a profile with its receipts and says where erased and merged ones went', async () => {
    const token = await h.enrolTill();
    await h.upload(token, [receiptItem('R-1', 'P00000002')]);
    const view = await h.adminOk('GET', '/admin/profiles/P00000002', AdminProfileViewSchema);
    expect(view.lastName).toBe(h.crm.demoMember(1).lastName);
    expect(view.receipts.map((r) => [r.receiptId, r.linkedProfileId])).toEqual([['R-1', 'P00000002']]);

    await h.admin('POST', '/admin/profiles/P00000002/merge', { into: 'P00000001' });
    const merged = await h.admin('GET', '/admin/profiles/P00000002');
    expect([merged.status, merged.json]).toMatchObject([404, { type: 'profile_merged', into: 'P00000001' }]);
    expect((await h.adminOk('GET', '/admin/profiles/P00000001', AdminProfileViewSchema)).receipts.map((r) => r.receiptId)).toEqual(['R-1']);

    await h.admin('DELETE', '/admin/profiles/P00000001');
    const erased = await h.admin('GET', '/admin/profiles/P00000001');
    expect([erased.status, (erased.json as { type: string }).type]).toEqual([404, 'profile_erased']);
    expect((await h.admin('GET', '/admin/profiles/P99999999')).status).toBe(404);
    expect((await h.admin('POST', '/admin/profiles/P00000003/merge', { into: 'P00000003' })).status).toBe(400);
  });

  it('an erased member is no longer found by phone, so a sign-up with it makes a new profile', async () => {
    const token = await h.enrolTill();
    const m = h.crm.demoMember(4);
    await h.admin('DELETE', `/admin/profiles/${m.profileId}`);
    const { results } = await h.upload(token, [{ idempotencyKey: '0190f2a0-7b7c-7cc3-8b4e-2b1a3f9e6d5c', kind: 'signup', payload: { provisionalId: 'tmp-x', firstName: null, identifiers: [{ kind: 'phone', value: m.phone }], createdAt: '2025-03-01T10:00:00Z', tillId: 't' } }]);
    expect(results[0]?.mapping?.profileId).not.toBe(m.profileId);
  });

  it('signs member QR tokens that verify with the published keys, and rotates keys', async () => {
    const token = await h.enrolTill();
    const keys = KeySetSchema.parse((await h.request('GET', '/sync/v1/keys', { token })).json).keys;
    const qr = await h.adminOk('POST', '/admin/member-qr/P00000005', MemberQrResponseSchema, {});
    expect(qr.token).toMatch(/^TID1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const payload = MemberQrPayloadSchema.parse(JSON.parse(Buffer.from(qr.token.split('.')[1] ?? '', 'base64url').toString('utf8')));
    expect(payload).toMatchObject({ sub: 'P00000005', kid: keys[0]?.kid });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(MEMBER_QR_MAX_LIFETIME_SECONDS);
    expect(payload.iat * 1000).toBeGreaterThanOrEqual(keys[0]?.notBefore ?? Infinity);
    expect(verifies(qr.token, keys)).toBe(true);
    const forged = qr.token.replace(/\.[^.]+$/, `.${Buffer.alloc(64).toString('base64url')}`);
    expect(verifies(forged, keys)).toBe(false);

    const rotated = await h.adminOk('POST', '/admin/keys/rotate', KeyRotationResponseSchema, { revokePrevious: true });
    expect(rotated.keys.map((k) => k.revoked)).toEqual([true, false]);
    const next = await h.adminOk('POST', '/admin/member-qr/P00000005', MemberQrResponseSchema, { ttlSeconds: 60 });
    expect(next.kid).toBe(rotated.keys[1]?.kid);
    expect(verifies(next.token, rotated.keys)).toBe(true);
    expect((await h.admin('POST', '/admin/member-qr/P00009999', {})).status).toBe(404);
    expect((await h.admin('POST', '/admin/member-qr/P00000005', { ttlSeconds: 301 })).status).toBe(400);
  });

  it('keeps its data across a restart on the same database, with the same epoch', async () => {
    const { id } = await h.adminOk('POST', '/admin/profiles', AdminCreatedSchema, { firstName: 'Ebba', email: 'ebba@example.com' });
    const epoch = h.crm.epoch;
    const storage = await h.keep();
    h = await CrmHarness.start({ storage, members: 999 });
    expect(h.crm.epoch).toBe(epoch);
    expect(h.crm.members).toBe(20);
    expect((await h.adminOk('GET', `/admin/profiles/${id}`, AdminProfileViewSchema)).profile.firstName).toBe('Ebba');
  });

  it('reports stats', async () => {
    const token = await h.enrolTill();
    await h.upload(token, [receiptItem('R-1', null), receiptItem('R-1', null)]);
    const stats = await h.adminOk('GET', '/admin/stats', AdminStatsSchema);
    expect(stats).toMatchObject({ profiles: 20, receipts: 1, devices: 1, keys: 1, idempotencyKeys: 2, uploads: { accepted: 1, duplicate: 1, rejected: 0 } });
    expect(stats.requests['POST /sync/v1/upload']).toBe(1);
  });
});
