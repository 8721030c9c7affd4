import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberCache } from '../../../sync/cache/memberCache';
import type { ReceiptRecord } from '../../../sync/cache/types';
import { manualClock, openTempCache, tempDataDir } from './support/tempCache';

let temp: ReturnType<typeof tempDataDir>;
let cache: MemberCache;
const clock = manualClock();

beforeEach(() => {
  clock.set(1_764_000_000_000);
  temp = tempDataDir();
  cache = openTempCache(temp.dir, clock.now);
});
afterEach(() => {
  cache.close();
  temp.cleanup();
});

function receipt(receiptId: string, overrides: Partial<ReceiptRecord> = {}): ReceiptRecord {
  return {
    receiptId,
    profileId: 'crm-1',
    createdAt: 1_764_000_000_000,
    currency: 'SEK',
    totalMinor: 12_900,
    body: { lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPriceMinor: 12_900, amountMinor: 12_900 }], payments: [{ method: 'card', amountMinor: 12_900 }] },
    ...overrides,
  };
}

describe('ReceiptRepository.enqueueReceipt', () => {
  it('stores the receipt and queues exactly one outbox item for it, however often it is posted', () => {
    expect(cache.receipts.enqueueReceipt(receipt('r-1'))).toBe('queued');
    expect(cache.receipts.enqueueReceipt(receipt('r-1'))).toBe('duplicate');
    expect(cache.receipts.enqueueReceipt(receipt('r-1', { totalMinor: 1 }))).toBe('duplicate');

    expect(cache.receipts.findById('r-1')).toMatchObject({ receiptId: 'r-1', profileId: 'crm-1', totalMinor: 12_900, queuedAt: clock.now() });
    const items = cache.outbox.nextBatch(10);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'receipt', profileId: 'crm-1', state: 'pending', attempts: 0 });
    expect(items[0]!.idempotencyKey).toBe(items[0]!.id);
    expect(items[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(items[0]!.payload).toEqual({ receiptId: 'r-1', createdAt: 1_764_000_000_000, currency: 'SEK', totalMinor: 12_900, body: receipt('r-1').body });
  });

  it('keeps a receipt with no member', () => {
    expect(cache.receipts.enqueueReceipt(receipt('r-anon', { profileId: null }))).toBe('queued');
    expect(cache.outbox.nextBatch(1)[0]?.profileId).toBeNull();
  });

  it('lists a member’s receipts newest first', () => {
    cache.receipts.enqueueReceipt(receipt('r-old', { createdAt: 1000 }));
    cache.receipts.enqueueReceipt(receipt('r-new', { createdAt: 3000 }));
    cache.receipts.enqueueReceipt(receipt('r-other', { profileId: 'crm-2', createdAt: 2000 }));
    expect(cache.receipts.listForProfile('crm-1').map((r) => r.receiptId)).toEqual(['r-new', 'r-old']);
  });
});

describe('OutboxRepository', () => {
  it('hands out pending items in the order they were queued, even if the clock went backwards', () => {
    for (const [n, at] of [[1, 5000], [2, 3000], [3, 4000], [4, 1000]] as const) {
      clock.set(at);
      cache.receipts.enqueueReceipt(receipt(`r-${n}`));
    }
    expect(cache.outbox.nextBatch(3).map((i) => (i.payload as { receiptId: string }).receiptId)).toEqual(['r-1', 'r-2', 'r-3']);
    expect(cache.outbox.nextBatch(10)).toHaveLength(4);
    expect(cache.outbox.nextBatch(0)).toEqual([]);
  });

  it('marks items delivered, drops their payloads and stops handing them out', () => {
    ['r-1', 'r-2', 'r-3'].forEach((id) => cache.receipts.enqueueReceipt(receipt(id)));
    const [first, second] = cache.outbox.nextBatch(2);
    clock.advance(60_000);
    expect(cache.outbox.markDelivered([first!.id, second!.id, 'no-such-id'])).toBe(2);
    expect(cache.outbox.markDelivered([first!.id])).toBe(0);
    expect(cache.outbox.findById(first!.id)).toMatchObject({ state: 'delivered', payload: null, updatedAt: clock.now() });
    expect(cache.outbox.nextBatch(10).map((i) => i.id)).not.toContain(first!.id);
    expect(cache.outbox.counts()).toMatchObject({ pending: 1, delivered: 2, dead: 0 });
    // The receipt itself stays for the profile view.
    expect(cache.receipts.findById('r-1')?.totalMinor).toBe(12_900);
  });

  it('counts failed attempts and keeps the item pending with its last error', () => {
    cache.receipts.enqueueReceipt(receipt('r-1'));
    cache.receipts.enqueueReceipt(receipt('r-2'));
    const ids = cache.outbox.nextBatch(2).map((i) => i.id);
    cache.outbox.recordAttemptFailure(ids[0]!, 'ECONNREFUSED');
    cache.outbox.recordAttemptFailure(ids, 'HTTP 503');
    expect(cache.outbox.nextBatch(2).map((i) => [i.attempts, i.lastError, i.state])).toEqual([
      [2, 'HTTP 503', 'pending'],
      [1, 'HTTP 503', 'pending'],
    ]);
  });

  it('keeps a rejected item as a dead letter a manager can list and requeue', () => {
    clock.set(1000);
    cache.receipts.enqueueReceipt(receipt('r-1'));
    clock.set(2000);
    cache.receipts.enqueueReceipt(receipt('r-2'));
    const [first] = cache.outbox.nextBatch(1);

    expect(cache.outbox.markDead(first!.id, 'unknown_currency')).toBe(true);

    expect(cache.outbox.counts()).toEqual({ pending: 1, delivered: 0, dead: 1, oldestPendingAt: 2000 });
    expect(cache.outbox.nextBatch(10)).toHaveLength(1);
    expect(cache.outbox.listDead()).toMatchObject([{ id: first!.id, state: 'dead', lastError: 'unknown_currency', payload: { receiptId: 'r-1' } }]);
    expect(cache.outbox.markDelivered([first!.id])).toBe(0); // a dead letter is not silently "delivered"

    expect(cache.outbox.requeueDead(first!.id)).toBe(true);
    expect(cache.outbox.nextBatch(10).map((i) => i.id)[0]).toBe(first!.id);
    expect(cache.outbox.counts()).toMatchObject({ pending: 2, dead: 0, oldestPendingAt: 1000 });
  });

  it('deletes a dead letter only when a manager discards it', () => {
    cache.receipts.enqueueReceipt(receipt('r-1'));
    const [item] = cache.outbox.nextBatch(1);
    expect(cache.outbox.discardDead(item!.id)).toBe(false); // pending: not a dead letter
    cache.outbox.markDead(item!.id, 'rejected');
    expect(cache.outbox.discardDead(item!.id)).toBe(true);
    expect(cache.outbox.findById(item!.id)).toBeUndefined();
    expect(cache.outbox.counts()).toMatchObject({ pending: 0, dead: 0 });
  });

  it('forgets delivered bookkeeping older than a cut-off, never pending or dead items', () => {
    ['r-1', 'r-2', 'r-3'].forEach((id) => cache.receipts.enqueueReceipt(receipt(id)));
    const [a, b] = cache.outbox.nextBatch(2);
    cache.outbox.markDelivered([a!.id]);
    cache.outbox.markDead(b!.id, 'rejected');
    clock.advance(1000);
    expect(cache.outbox.pruneDelivered(clock.now())).toBe(1);
    expect(cache.outbox.counts()).toMatchObject({ pending: 1, delivered: 0, dead: 1 });
  });

  it('answers counts on an empty queue', () => {
    expect(cache.outbox.counts()).toEqual({ pending: 0, delivered: 0, dead: 0, oldestPendingAt: null });
  });
});

describe('ConsentRepository', () => {
  it('records a till decision and queues it for the CRM', () => {
    const outboxId = cache.consents.recordAtTill({ profileId: 'crm-1', purpose: 'marketing_sms', granted: true, at: 5000, source: 'till:T1' });
    expect(cache.consents.listFor('crm-1')).toEqual([{ profileId: 'crm-1', purpose: 'marketing_sms', granted: true, at: 5000, source: 'till:T1', version: null }]);
    expect(cache.outbox.findById(outboxId)).toMatchObject({ kind: 'consent', profileId: 'crm-1', payload: { purpose: 'marketing_sms', granted: true, at: 5000, source: 'till:T1' } });
  });

  it('records the version of the terms a consent was given to, and queues it for the CRM', () => {
    const outboxId = cache.consents.recordAtTill({ profileId: 'crm-1', purpose: 'terms', granted: true, at: 6000, source: 'customer_display', version: '2026-11' });
    expect(cache.consents.listFor('crm-1')).toEqual([{ profileId: 'crm-1', purpose: 'terms', granted: true, at: 6000, source: 'customer_display', version: '2026-11' }]);
    expect(cache.outbox.findById(outboxId)).toMatchObject({ payload: { purpose: 'terms', source: 'customer_display', version: '2026-11' } });
  });

  it('does not let an older CRM view undo a newer till decision', () => {
    cache.consents.recordAtTill({ profileId: 'crm-1', purpose: 'marketing_sms', granted: false, at: 5000, source: 'till:T1' });
    cache.consents.mirrorFromCrm('crm-1', [
      { purpose: 'marketing_sms', granted: true, at: 4000, source: 'crm' },
      { purpose: 'terms', granted: true, at: 4000, source: 'crm' },
    ]);
    expect(cache.consents.listFor('crm-1').map((c) => [c.purpose, c.granted])).toEqual([
      ['marketing_sms', false],
      ['terms', true],
    ]);
    cache.consents.mirrorFromCrm('crm-1', [{ purpose: 'marketing_sms', granted: true, at: 6000, source: 'crm' }]);
    expect(cache.consents.listFor('crm-1')[0]).toMatchObject({ purpose: 'marketing_sms', granted: true });
  });
});
