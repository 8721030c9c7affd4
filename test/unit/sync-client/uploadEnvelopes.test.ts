import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../sync/cache/types';
import { outboxUpload } from '../../../sync/client/uploadEnvelopes';
import { UploadItemSchema } from '../../../sync/protocol/upload';

const key = '01936f2e-8c2a-7b1e-9f00-1234567890ab';
const at = Date.parse('2025-03-01T10:15:00Z');

function item(kind: OutboxItem['kind'], profileId: string | null, payload: unknown): OutboxItem {
  return { id: key, idempotencyKey: key, kind, profileId, payload, state: 'pending', attempts: 0, lastError: null, createdAt: at, updatedAt: at };
}

const lines = [{ sku: '7310865004703', description: 'Kaffe', quantity: 2, unitPrice: 64.95, amount: 129.9 }];
const payments = [{ method: 'card', amount: 129.9 }];
const yenLines = [{ sku: '4901234567894', description: 'Ocha', quantity: 2, unitPrice: 650, amount: 1_300 }];
const yenPayments = [{ method: 'card', amount: 1_300 }];

describe('outbox items as upload items', () => {
  it.each<[string, string, number, { lines: unknown[]; payments: unknown[]; total?: number; kind?: string }, number, string]>([
    ['SEK in öre', 'SEK', 12_990, { lines, payments }, 129.9, 'sale'],
    ['JPY has no minor unit', 'JPY', 1_300, { lines: yenLines, payments: yenPayments }, 1_300, 'sale'],
    ['a total the POS gave wins over the minor units', 'SEK', 12_990, { lines, payments, total: 129.9 }, 129.9, 'sale'],
    [
      'a return keeps its kind',
      'SEK',
      -12_990,
      { kind: 'return', lines: [{ ...lines[0], quantity: -2, amount: -129.9 }], payments: [{ method: 'card', amount: -129.9 }], total: -129.9 },
      -129.9,
      'return',
    ],
  ])('a receipt (%s) carries the wire total, ISO time, current profile and till', (_name, currency, totalMinor, body, total, kind) => {
    const upload = outboxUpload(item('receipt', 'P00000042', { receiptId: 'R-1', createdAt: at, currency, totalMinor, body }), 'dev-1');
    expect(upload?.envelopes).toEqual([
      {
        idempotencyKey: key,
        kind: 'receipt',
        payload: { receiptId: 'R-1', kind, profileId: 'P00000042', createdAt: '2025-03-01T10:15:00.000Z', currency, total, lines: body.lines, payments: body.payments, tillId: 'dev-1' },
      },
    ]);
    expect(UploadItemSchema.safeParse(upload?.envelopes[0]).success).toBe(true);
  });

  it('a receipt of an erased person goes unlinked', () => {
    const upload = outboxUpload(item('receipt', null, { receiptId: 'R-2', createdAt: at, currency: 'SEK', totalMinor: 100, body: { lines, payments } }), 'dev-1');
    expect(upload?.envelopes[0]?.payload).toMatchObject({ profileId: null });
  });

  it('a sign-up carries its identifiers, then the consents given with it under derived keys', () => {
    const upload = outboxUpload(
      item('signup', '01936f2e-0000-7000-8000-000000000001', {
        provisionalId: '01936f2e-0000-7000-8000-000000000001',
        firstName: 'Ines',
        displayName: 'Ines',
        identifiers: [{ kind: 'phone', value: '+46731112233' }],
        consents: [
          { purpose: 'terms', granted: true, at, source: 'customer_display', version: '2026-11' },
          { purpose: 'marketing_sms', granted: false, at, source: 'till:dev-1' },
        ],
        createdAt: at,
      }),
      'dev-1',
    );
    expect(upload?.envelopes.map((e) => e.kind)).toEqual(['signup', 'consent', 'consent']);
    expect(upload?.envelopes.map((e) => UploadItemSchema.safeParse(e).success)).toEqual([true, true, true]);
    expect(upload?.envelopes[2]?.payload).toEqual({
      profileId: '01936f2e-0000-7000-8000-000000000001',
      purpose: 'marketingSms',
      granted: false,
      at: '2025-03-01T10:15:00.000Z',
      source: 'till:dev-1',
    });
    // The terms' version travels with the consent the customer gave to them.
    expect(upload?.envelopes[1]?.payload).toMatchObject({ purpose: 'terms', source: 'customer_display', version: '2026-11' });
    expect(new Set(upload?.envelopes.map((e) => e.idempotencyKey)).size).toBe(3);
  });

  it('a consent goes under the profile it belongs to now', () => {
    const upload = outboxUpload(item('consent', 'P00000007', { purpose: 'marketing_email', granted: true, at, source: 'till:dev-1' }), 'dev-1');
    expect(upload?.envelopes[0]).toEqual({
      idempotencyKey: key,
      kind: 'consent',
      payload: { profileId: 'P00000007', purpose: 'marketingEmail', granted: true, at: '2025-03-01T10:15:00.000Z', source: 'till:dev-1' },
    });
  });

  it('a consent of a person erased since needs no sending', () => {
    expect(outboxUpload(item('consent', null, { purpose: 'terms', granted: true, at, source: 'x' }), 'dev-1')).toBeNull();
  });

  it.each<[OutboxItem['kind'], unknown]>([
    ['receipt', { receiptId: 42 }],
    ['signup', 'garbage'],
    ['consent', null],
  ])('a %s payload that does not fit is sent as is, for the CRM to reject visibly', (kind, payload) => {
    const upload = outboxUpload(item(kind, 'P1', payload), 'dev-1');
    expect(upload?.envelopes).toEqual([{ idempotencyKey: key, kind, payload }]);
  });
});
