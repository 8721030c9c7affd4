import { describe, expect, it } from 'vitest';
import {
  BootstrapPageSchema, BootstrapQuerySchema, ChangeSchema, ChangesPageSchema, ChangesQuerySchema, ClearIdentifierSchema,
  EnrolRequestSchema, EnrolResponseSchema, KeySetSchema, MemberQrPayloadSchema, SyncProblemSchema, SYNC_LIMITS,
  UploadItemSchema, UploadRequestSchema, UploadResultSchema,
} from '../../../sync/protocol';

const KEY = '0190f2a0-7b7c-7cc3-8b4e-2b1a3f9e6d5c';
const PUBLIC_KEY = 'A'.repeat(43);
const profile = {
  id: 'P00000001', firstName: 'Anna', displayName: 'Anna L.', tier: 'gold', pointsBalance: 1240, pointsAsOf: 1735689600000,
  status: 'active', identifiers: [{ kind: 'phone', value: '+46701234567' }],
};
const receipt = {
  receiptId: 'R-2025-0001', profileId: 'P00000001', createdAt: '2025-03-01T10:15:00+01:00', currency: 'SEK', total: 129.9,
  lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 129.9, amount: 129.9 }],
  payments: [{ method: 'card', amount: 129.9 }], tillId: 'till-1',
};

describe('identifiers travel normalised', () => {
  it.each([
    ['phone', '+46701234567', true],
    ['phone', '070-123 45 67', false],
    ['phone', '0046701234567', false],
    ['email', 'anna@example.com', true],
    ['email', 'Anna@Example.com', false],
    ['email', ' anna@example.com', false],
    ['email', 'no-at-sign', false],
    ['card', '0412345678903', true],
    ['card', '0412 3456 7890', false],
    ['member_number', 'M10000000', true],
    ['member_number', 'm10000000', false],
    ['passport', 'X1', false],
  ])('%s %j → valid %s', (kind, value, valid) => {
    expect(ClearIdentifierSchema.safeParse({ kind, value }).success).toBe(valid);
  });
});

describe('enrolment', () => {
  it.each([
    [{ code: 'ABCD-EFGH', tillName: 'Kassa 1' }, true],
    [{ code: 'ABCD-EFGH', tillName: 'Kassa 1', appVersion: '0.1.0', platform: 'linux' }, true],
    [{ code: '', tillName: 'Kassa 1' }, false],
    [{ code: 'ABCD-EFGH' }, false],
    [{ code: 'ABCD-EFGH', tillName: '' }, false],
  ])('request %j → valid %s', (body, valid) => {
    expect(EnrolRequestSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    [{ deviceId: 'dev_1', storeId: 'store-1', storeName: 'Demo', credentials: { token: 'x'.repeat(43) }, protocolVersion: 1 }, true],
    [{ deviceId: 'dev_1', storeId: 'store-1', storeName: 'Demo', credentials: { token: 'short' }, protocolVersion: 1 }, false],
    [{ deviceId: 'dev_1', storeId: 'store-1', storeName: 'Demo', protocolVersion: 1 }, false],
  ])('response %j → valid %s', (body, valid) => {
    expect(EnrolResponseSchema.safeParse(body).success).toBe(valid);
  });
});

describe('bootstrap', () => {
  const page = {
    rows: [['P00000001', 'Anna', 'Anna L.', 'gold', 1240, 1735689600000, 'active', [['phone', '+46701234567']]]],
    nextPageToken: 'b.abc.0.1.1', cursor: 'c.abc.0', total: 1,
    keys: [{ kid: 'k1', alg: 'Ed25519', publicKey: PUBLIC_KEY, notBefore: 0, notAfter: null, revoked: false }], serverTime: 1,
  };

  it.each([
    ['a full page', page, true],
    ['the last page', { ...page, nextPageToken: null }, true],
    ['no cursor', { ...page, cursor: undefined }, false],
    ['a row as an object', { ...page, rows: [profile] }, false],
    ['a row with a clear-text phone in local form', { ...page, rows: [['P1', null, null, null, 0, null, 'active', [['phone', '0701234567']]]] }, false],
    ['a row with a pending_sync status', { ...page, rows: [['P1', null, null, null, 0, null, 'pending_sync', []]] }, false],
    ['a row with fractional points', { ...page, rows: [['P1', null, null, null, 1.5, null, 'active', []]] }, false],
    ['a negative total', { ...page, total: -1 }, false],
  ])('%s → valid %s', (_name, body, valid) => {
    expect(BootstrapPageSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    [{}, { limit: SYNC_LIMITS.bootstrapDefaultLimit }],
    [{ limit: '5000', after: 'b.abc.0.1.1' }, { limit: 5000, after: 'b.abc.0.1.1' }],
  ])('query %j parses to %j', (query, expected) => {
    expect(BootstrapQuerySchema.parse(query)).toEqual(expected);
  });

  it.each([[{ limit: '0' }], [{ limit: '20001' }], [{ limit: 'ten' }], [{ after: 'has space' }]])('query %j is refused', (query) => {
    expect(BootstrapQuerySchema.safeParse(query).success).toBe(false);
  });
});

describe('changes', () => {
  it.each([
    [{ type: 'upsert', profile }, true],
    [{ type: 'erase', profileId: 'P00000002' }, true],
    [{ type: 'merge', from: 'P00000002', into: 'P00000001' }, true],
    [{ type: 'keys', keys: [{ kid: 'k1', alg: 'Ed25519', publicKey: PUBLIC_KEY, notBefore: 0, notAfter: 10, revoked: true }] }, true],
    [{ type: 'upsert', profile: { ...profile, identifiers: undefined } }, false],
    [{ type: 'erase' }, false],
    [{ type: 'merge', from: 'P1' }, false],
    [{ type: 'keys', keys: [{ kid: 'k1', alg: 'Ed25519', publicKey: 'short', notBefore: 0, notAfter: null, revoked: false }] }, false],
    [{ type: 'delete', profileId: 'P1' }, false],
  ])('%j → valid %s', (change, valid) => {
    expect(ChangeSchema.safeParse(change).success).toBe(valid);
  });

  it('a page needs a cursor and hasMore', () => {
    expect(ChangesPageSchema.safeParse({ changes: [], cursor: 'c.abc.5', hasMore: false, serverTime: 1 }).success).toBe(true);
    expect(ChangesPageSchema.safeParse({ changes: [], cursor: 'c.abc.5', serverTime: 1 }).success).toBe(false);
  });

  it.each([[{ cursor: 'c.abc.5' }, true], [{}, false], [{ cursor: 'c.abc.5', limit: '10001' }, false], [{ cursor: 'a/b' }, false]])(
    'query %j → valid %s',
    (query, valid) => {
      expect(ChangesQuerySchema.safeParse(query).success).toBe(valid);
    },
  );
});

describe('upload', () => {
  it.each([
    ['a receipt', { idempotencyKey: KEY, kind: 'receipt', payload: receipt }, true],
    ['an anonymous receipt', { idempotencyKey: KEY, kind: 'receipt', payload: { ...receipt, profileId: null } }, true],
    ['a sign-up by phone', { idempotencyKey: KEY, kind: 'signup', payload: { provisionalId: 'tmp-1', firstName: null, identifiers: [{ kind: 'phone', value: '+46701234567' }], createdAt: '2025-03-01T10:00:00Z', tillId: 't' } }, true],
    ['a consent', { idempotencyKey: KEY, kind: 'consent', payload: { profileId: 'tmp-1', purpose: 'marketingEmail', granted: true, at: '2025-03-01T10:00:00Z', source: 'till:t' } }, true],
    ['a UUIDv4 key', { idempotencyKey: '9b2f4c1e-3a5d-4f6b-8c7d-1e2f3a4b5c6d', kind: 'receipt', payload: receipt }, false],
    ['a receipt without lines', { idempotencyKey: KEY, kind: 'receipt', payload: { ...receipt, lines: [] } }, false],
    ['a receipt with a lower-case currency', { idempotencyKey: KEY, kind: 'receipt', payload: { ...receipt, currency: 'sek' } }, false],
    ['a receipt time without offset', { idempotencyKey: KEY, kind: 'receipt', payload: { ...receipt, createdAt: '2025-03-01 10:15' } }, false],
    ['a sign-up with only a card', { idempotencyKey: KEY, kind: 'signup', payload: { provisionalId: 'tmp-1', firstName: null, identifiers: [{ kind: 'card', value: '0412345678903' }], createdAt: '2025-03-01T10:00:00Z', tillId: 't' } }, false],
    ['an unknown kind', { idempotencyKey: KEY, kind: 'refund', payload: {} }, false],
  ])('%s → valid %s', (_name, item, valid) => {
    expect(UploadItemSchema.safeParse(item).success).toBe(valid);
  });

  it('the batch envelope takes any kind and payload, so one bad item cannot fail the batch', () => {
    expect(UploadRequestSchema.safeParse({ items: [{ idempotencyKey: KEY, kind: 'refund', payload: 42 }] }).success).toBe(true);
  });

  it.each([
    ['no items', { items: [] }],
    ['more than the batch limit', { items: Array.from({ length: SYNC_LIMITS.maxUploadItems + 1 }, () => ({ idempotencyKey: KEY, kind: 'receipt', payload: {} })) }],
    ['an item without key', { items: [{ kind: 'receipt', payload: receipt }] }],
  ])('the envelope refuses %s', (_name, body) => {
    expect(UploadRequestSchema.safeParse(body).success).toBe(false);
  });

  it.each([
    [{ idempotencyKey: KEY, status: 'accepted' }, true],
    [{ idempotencyKey: KEY, status: 'duplicate', mapping: { provisionalId: 'tmp-1', profileId: 'P00000001' } }, true],
    [{ idempotencyKey: KEY, status: 'rejected', reason: 'some_future_reason', detail: 'lines: too small' }, true],
    [{ idempotencyKey: KEY, status: 'queued' }, false],
    [{ status: 'accepted' }, false],
  ])('result %j → valid %s', (result, valid) => {
    expect(UploadResultSchema.safeParse(result).success).toBe(valid);
  });
});

describe('problems, keys, member QR payload', () => {
  it.each([
    [{ type: 'cursor_expired', title: 'Cursor expired', status: 410, detail: 'bootstrap again' }, true],
    [{ type: 'bad_request', title: 'Bad request', status: 400, detail: 'x', errors: [{ path: 'code', message: 'Required' }] }, true],
    [{ type: 'teapot', title: 'I am a teapot', status: 418, detail: 'x' }, false],
    [{ type: 'internal', title: 'Internal', status: 200, detail: 'x' }, false],
  ])('problem %j → valid %s', (problem, valid) => {
    expect(SyncProblemSchema.safeParse(problem).success).toBe(valid);
  });

  it('a key set lists keys', () => {
    expect(KeySetSchema.safeParse({ keys: [] }).success).toBe(true);
    expect(KeySetSchema.safeParse({ keys: [{ kid: 'k1', alg: 'RS256', publicKey: PUBLIC_KEY, notBefore: 0, notAfter: null, revoked: false }] }).success).toBe(false);
  });

  it.each([
    [{ kid: 'k1', sub: 'P00000001', iat: 1700000000, exp: 1700000120, nonce: 'abcdefgh12' }, true],
    [{ kid: 'k1', sub: 'P00000001', iat: 1700000000, exp: 1700000120 }, false],
    [{ kid: 'k1', sub: 'P00000001', iat: '1700000000', exp: 1700000120, nonce: 'abcdefgh12' }, false],
  ])('member QR payload %j → valid %s', (payload, valid) => {
    expect(MemberQrPayloadSchema.safeParse(payload).success).toBe(valid);
  });
});
