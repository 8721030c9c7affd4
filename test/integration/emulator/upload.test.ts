import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminCreatedSchema, AdminReceiptsSchema } from '../../../hub/routes/adminAnswerSchemas';
import { AdminProfileViewSchema } from '../../../hub/routes/adminProfileSchemas';
import { SYNC_LIMITS } from '../../../sync/protocol';
import type { Change } from '../../../sync/protocol';
import { CrmHarness, problemOf, receipt, receiptItem, signupItem } from './support/crmHarness';

describe('upload', () => {
  let h: CrmHarness;
  let token: string;
  beforeEach(async () => {
    h = await CrmHarness.start({ members: 50, seed: 11 });
    token = await h.enrolTill();
  });
  afterEach(async () => h.stop());

  const receiptsOf = async (profileId: string) => (await h.adminOk('GET', `/admin/receipts?profileId=${profileId}`, AdminReceiptsSchema)).receipts;

  it('answers each item on its own, in order', async () => {
    const items = [receiptItem('R-1', 'P00000001'), { idempotencyKey: uuidv7(), kind: 'refund', payload: {} }, { ...receiptItem('R-2', null), payload: { ...receipt('R-2', null), lines: [] } }, receiptItem('R-3', null)];
    const { results } = await h.upload(token, items);
    expect(results.map((r) => [r.idempotencyKey, r.status, r.reason])).toEqual([
      [items[0]?.idempotencyKey, 'accepted', undefined],
      [items[1]?.idempotencyKey, 'rejected', 'unknown_kind'],
      [items[2]?.idempotencyKey, 'rejected', 'invalid_payload'],
      [items[3]?.idempotencyKey, 'accepted', undefined],
    ]);
    expect(results[2]?.detail).toContain('payload.lines');
  });

  it('records a receipt delivery once, and rejects one with neither an address nor a member, or with an address not normalised', async () => {
    const delivery = (payload: Record<string, unknown>) => ({
      idempotencyKey: uuidv7(), kind: 'receipt_delivery',
      payload: { receiptId: 'R-9', channel: 'email', to: 'kvitto@example.org', profileId: null, requestedAt: '2026-11-30T10:00:00+01:00', tillId: 'till-1', ...payload },
    });
    const typed = delivery({});
    const items = [typed, delivery({ to: null }), delivery({ channel: 'sms', to: '0701234567' })];
    const { results } = await h.upload(token, items);
    expect(results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'invalid_payload'], ['rejected', 'invalid_payload']]);
    expect((await h.upload(token, [typed])).results[0]?.status).toBe('duplicate');
    const held = await h.crm.parts.receiptDeliveries.list(h.crm.parts.db, 10);
    expect(held).toEqual([expect.objectContaining({ receiptId: 'R-9', channel: 'email', address: 'kvitto@example.org', source: 'typed' })]);

    // A member's own contact: used when the CRM has one for the channel, refused (no_contact) when it has not.
    const { id } = await h.adminOk('POST', '/admin/profiles', AdminCreatedSchema, { firstName: 'Sms', phone: '0701234598' });
    const own = await h.upload(token, [delivery({ to: null, profileId: id, channel: 'sms' }), delivery({ to: null, profileId: id, channel: 'email' })]);
    expect(own.results.map((r) => [r.status, r.reason])).toEqual([['accepted', undefined], ['rejected', 'no_contact']]);
    expect((await h.crm.parts.receiptDeliveries.list(h.crm.parts.db, 10))[1]).toMatchObject({ channel: 'sms', address: '+46701234598', source: 'member' });
  });

  it('answers the same key twice as duplicate, and keeps the receipt once', async () => {
    const item = receiptItem('R-1', 'P00000001');
    expect((await h.upload(token, [item])).results[0]?.status).toBe('accepted');
    expect((await h.upload(token, [item])).results[0]?.status).toBe('duplicate');
    expect((await receiptsOf('P00000001')).map((r) => r.receiptId)).toEqual(['R-1']);
  });

  it('answers the same receiptId under another key as duplicate', async () => {
    await h.upload(token, [receiptItem('R-1', 'P00000001')]);
    const { results } = await h.upload(token, [receiptItem('R-1', 'P00000001'), receiptItem('R-1', null)]);
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect((await h.adminOk('GET', '/admin/receipts', AdminReceiptsSchema)).receipts).toHaveLength(1);
  });

  it('replays a rejection as a rejection', async () => {
    const bad = { idempotencyKey: uuidv7(), kind: 'receipt', payload: { receiptId: 'R-9' } };
    expect((await h.upload(token, [bad])).results[0]?.status).toBe('rejected');
    expect((await h.upload(token, [bad])).results[0]?.status).toBe('rejected');
  });

  it('credits points and announces the new balance', async () => {
    const cursor = (await h.bootstrapAll(token, 100)).at(-1)?.cursor ?? '';
    await h.upload(token, [receiptItem('R-1', 'P00000002')]);
    const page = await h.changes(token, cursor);
    const upsert = page.changes[0] as Extract<Change, { type: 'upsert' }>;
    expect(upsert.profile.pointsBalance).toBe(h.crm.demoMember(1).points + 129);
  });

  it.each([
    ['a 1 SEK line, 1 SEK paid and a total of 9,999,999,999.99', { total: 9_999_999_999.99, lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: 1, amount: 1 }], payments: [{ method: 'card', amount: 1 }] }, 'payload.total'],
    ['a negative total on a sale', { total: -129.9, lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: -129.9, amount: -129.9 }], payments: [] }, 'payload.total'],
    ['a quantity of 1e308', { lines: [{ sku: '1', description: 'Bulle', quantity: 1e308, unitPrice: 129.9, amount: 129.9 }] }, 'payload.lines.0.quantity'],
    ['a total that differs from its lines', { total: 500, payments: [{ method: 'card', amount: 500 }] }, 'payload.total'],
    ['a JPY total of 1.5', { currency: 'JPY', total: 1.5, lines: [{ sku: '1', description: 'Ocha', quantity: 1, unitPrice: 1.5, amount: 1.5 }], payments: [{ method: 'card', amount: 1.5 }] }, 'payload.total'],
  ])('refuses %s and credits no points', async (_name, change, field) => {
    const before = (await h.adminOk('GET', '/admin/profiles/P00000003', AdminProfileViewSchema)).profile.pointsBalance;
    const item = { idempotencyKey: uuidv7(), kind: 'receipt', payload: { ...receipt('R-absurd', 'P00000003'), ...change } };
    const [result] = (await h.upload(token, [item])).results;
    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
    expect(result?.detail).toContain(field);
    expect((await h.adminOk('GET', '/admin/profiles/P00000003', AdminProfileViewSchema)).profile.pointsBalance).toBe(before);
    expect(await receiptsOf('P00000003')).toEqual([]);
  });

  it('takes a return, negative lines and all, and credits no points for it', async () => {
    const before = (await h.adminOk('GET', '/admin/profiles/P00000003', AdminProfileViewSchema)).profile.pointsBalance;
    const payload = {
      ...receipt('R-return', 'P00000003'),
      kind: 'return',
      total: -129.9,
      lines: [{ sku: '7310865004703', description: 'Kaffe 500 g', quantity: -1, unitPrice: 129.9, amount: -129.9 }],
      payments: [{ method: 'card', amount: -129.9 }],
    };
    expect((await h.upload(token, [{ idempotencyKey: uuidv7(), kind: 'receipt', payload }])).results[0]?.status).toBe('accepted');
    expect((await h.adminOk('GET', '/admin/profiles/P00000003', AdminProfileViewSchema)).profile.pointsBalance).toBe(before);
  });

  it('maps a sign-up with a phone the CRM knows to the existing profile', async () => {
    const known = h.crm.demoMember(4);
    const { results } = await h.upload(token, [signupItem('tmp-1', [{ kind: 'phone', value: known.phone }, { kind: 'email', value: 'new.address@example.com' }])]);
    expect(results[0]).toMatchObject({ status: 'accepted', mapping: { provisionalId: 'tmp-1', profileId: known.profileId } });
    const view = await h.adminOk('GET', `/admin/profiles/${known.profileId}`, AdminProfileViewSchema);
    expect(view.profile.identifiers).toContainEqual({ kind: 'email', value: 'new.address@example.com' });
  });

  it('maps a sign-up with an e-mail the CRM knows when the phone is new', async () => {
    const known = h.crm.demoMember(6);
    const { results } = await h.upload(token, [signupItem('tmp-2', [{ kind: 'phone', value: '+46731112233' }, { kind: 'email', value: known.email ?? '' }])]);
    expect(results[0]?.mapping?.profileId).toBe(known.profileId);
  });

  it('creates a profile for a new person, and answers a repeat with the same mapping', async () => {
    const item = signupItem('tmp-3', [{ kind: 'phone', value: '+46731234567' }], 'Saga');
    const first = (await h.upload(token, [item])).results[0];
    expect(first).toMatchObject({ status: 'accepted', mapping: { provisionalId: 'tmp-3', profileId: 'P00000051' } });
    const repeat = (await h.upload(token, [item])).results[0];
    expect(repeat).toMatchObject({ status: 'duplicate', mapping: first?.mapping });
    const sameIdOtherKey = (await h.upload(token, [signupItem('tmp-3', [{ kind: 'phone', value: '+46731234567' }])])).results[0];
    expect(sameIdOtherKey).toMatchObject({ status: 'duplicate', mapping: first?.mapping });
  });

  it('resolves a receipt on a provisional id, whether its sign-up came first or after', async () => {
    const { results } = await h.upload(token, [receiptItem('R-early', 'tmp-4'), signupItem('tmp-4', [{ kind: 'phone', value: '+46739998877' }]), receiptItem('R-late', 'tmp-4')]);
    const profileId = results[1]?.mapping?.profileId ?? '';
    expect((await receiptsOf(profileId)).map((r) => r.receiptId).sort()).toEqual(['R-early', 'R-late']);
    const view = await h.adminOk('GET', `/admin/profiles/${profileId}`, AdminProfileViewSchema);
    expect(view.profile.pointsBalance).toBe(2 * 129);
  });

  it('follows a merge for a receipt on a merged-away id, and unlinks one on an erased id', async () => {
    await h.admin('POST', '/admin/profiles/P00000009/merge', { into: 'P00000008' });
    await h.admin('DELETE', '/admin/profiles/P00000010');
    await h.upload(token, [receiptItem('R-merged', 'P00000009'), receiptItem('R-erased', 'P00000010')]);
    expect((await receiptsOf('P00000008')).map((r) => r.receiptId)).toEqual(['R-merged']);
    const all = (await h.adminOk('GET', '/admin/receipts', AdminReceiptsSchema)).receipts;
    expect(all.find((r) => r.receiptId === 'R-erased')?.linkedProfileId).toBeNull();
  });

  it('keeps consents with the profile, through provisional ids', async () => {
    const consent = (profileId: string, purpose: string) => ({ idempotencyKey: uuidv7(), kind: 'consent', payload: { profileId, purpose, granted: true, at: '2025-03-01T10:00:00+01:00', source: 'till:till-1' } });
    const { results } = await h.upload(token, [signupItem('tmp-5', [{ kind: 'email', value: 'ny.medlem@example.com' }]), consent('tmp-5', 'terms'), consent('tmp-5', 'marketingEmail')]);
    const view = await h.adminOk('GET', `/admin/profiles/${results[0]?.mapping?.profileId}`, AdminProfileViewSchema);
    expect(view.consents.map((c) => c.purpose)).toEqual(['terms', 'marketingEmail']);
  });

  it.each([
    ['more items than a batch may hold', { items: Array.from({ length: SYNC_LIMITS.maxUploadItems + 1 }, () => receiptItem('R', null)) }, 413, 'batch_too_large'],
    ['an empty batch', { items: [] }, 400, 'bad_request'],
    ['an item with a v4 key', { items: [{ ...receiptItem('R', null), idempotencyKey: '9b2f4c1e-3a5d-4f6b-8c7d-1e2f3a4b5c6d' }] }, 400, 'bad_request'],
  ])('refuses %s as a whole', async (_name, body, status, type) => {
    const answer = await h.request('POST', '/sync/v1/upload', { token, body });
    expect(answer.status).toBe(status);
    expect(problemOf(answer).type).toBe(type);
  });
});
