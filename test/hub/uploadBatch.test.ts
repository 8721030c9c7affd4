import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeTransaction } from '../../hub/db/sql';
import type { Hub } from '../../hub';
import type { UploadItemEnvelope } from '../../sync/protocol';
import { enrolDevice, HUB_ENGINES, hubPerTest, seedMembers, testMember } from './support/hubUnderTest';
import { ScriptedConnector } from './support/scriptedConnector';
import { deliveryRows, receiptItem, signupItem, upload } from './support/deliveryHarness';

// The hub answers a batch's consecutive receipts together (hub/upload/answerReceipts.ts): each case here is one that
// a set-wise answer gets wrong and one receipt at a time gets right.

const QUIET = { intervalMs: 3_600_000, callTimeoutMs: 100, concurrency: 1, retry: { baseMs: 10, maxMs: 1_000, maxAttempts: 6 }, waitMs: 5 };

async function pointsOf(hub: Hub, profileId: string): Promise<number | undefined> {
  return (await hub.parts.mirror.get(hub.parts.db, profileId))?.pointsBalance;
}

async function receiptLinks(hub: Hub): Promise<Record<string, string | null>> {
  const rows = await hub.parts.db.query<{ receipt_id: string; profile_id: string | null }>('SELECT receipt_id, profile_id FROM receipts');
  return Object.fromEntries(rows.map((r) => [r.receipt_id, r.profile_id]));
}

describe.each(HUB_ENGINES)('one upload batch of many receipts, on %s', (engine) => {
  const hubForTest = hubPerTest(engine);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A hub whose connector has a push (so receipts are queued for the CRM), its worker stopped: the queue stays as written. */
  async function start(): Promise<{ hub: Hub; token: string }> {
    const under = await hubForTest({ connector: new ScriptedConnector(), delivery: QUIET, changePoll: { intervalMs: 0 } });
    await under.hub.deliveryWorker?.stop();
    await seedMembers(under.hub, 4);
    return { hub: under.hub, token: await enrolDevice(under.hub) };
  }

  it('answers each receipt as one at a time would: same profile twice, a duplicate inside the batch, merged, erased, provisional ids', async () => {
    const { hub, token } = await start();
    const [m0, m1, m2, m3] = [0, 1, 2, 3].map((i) => testMember(i).profileId) as [string, string, string, string];
    await writeTransaction(hub.parts.db, async (tx) => {
      await hub.parts.mirror.merge(tx, m1, m2, Date.now()); // m2 now has 2 + 1 points
      await hub.parts.mirror.erase(tx, m3, Date.now());
    });
    const [mappedBefore] = await upload(hub, token, [signupItem('prov-a', '+46705550001')]);
    const provA = mappedBefore?.mapping?.profileId ?? '';

    const first = receiptItem('R1', m0, 100);
    const invalid: UploadItemEnvelope = { ...receiptItem('R-bad', m0), payload: { receiptId: 'R-bad', profileId: m0, total: 'a lot' } };
    const batch = [
      first,
      receiptItem('R2', m0, 50), // the same member again: both credited
      receiptItem('R1', m0, 100), // the same receipt under another key: counted once
      first, // the same key again
      receiptItem('R3', m1, 10), // merged away: to the survivor
      receiptItem('R4', 'prov-a', 7), // a sign-up mapped by an earlier batch
      invalid,
      receiptItem('R5', 'prov-b', 20), // its sign-up comes later in this batch
      receiptItem('R6', m3, 5), // erased: kept, linked to nobody
      receiptItem('R7', null, 3),
      signupItem('prov-b', '+46705550002'),
      receiptItem('R8', 'prov-b', 30), // after its sign-up in the same batch
      receiptItem('R9', m2, 1), // the survivor by its own id, beside R3 by the merged one
    ];

    const results = await upload(hub, token, batch);

    expect(results.map((r) => r.idempotencyKey)).toEqual(batch.map((item) => item.idempotencyKey));
    expect(results.map((r) => r.status)).toEqual([
      'accepted', 'accepted', 'duplicate', 'duplicate', 'accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted',
    ]);
    expect(results[6]).toMatchObject({ reason: 'invalid_payload', detail: expect.stringContaining('total') });
    const provB = results[10]?.mapping?.profileId ?? '';
    expect(results[10]?.mapping).toEqual({ provisionalId: 'prov-b', profileId: expect.stringMatching(/\S/) });
    expect(await receiptLinks(hub)).toEqual({ R1: m0, R2: m0, R3: m2, R4: provA, R5: provB, R6: null, R7: null, R8: provB, R9: m2 });
    const points = async () => Promise.all([m0, m2, provA, provB].map((id) => pointsOf(hub, id)));
    expect(await points()).toEqual([0 + 150, 2 + 1 + 10 + 1, 7, 20 + 30]);
    // Queued for the CRM once each, in the batch's order.
    expect((await deliveryRows(hub)).map((r) => `${r.kind}:${r.item_key}`)).toEqual([
      'signup:prov-a', 'receipt:R1', 'receipt:R2', 'receipt:R3', 'receipt:R4', 'receipt:R5', 'receipt:R6', 'receipt:R7', 'signup:prov-b', 'receipt:R8', 'receipt:R9',
    ]);

    // The whole batch again (a till that never heard the answer): nothing counted twice, the rejection kept.
    const again = await upload(hub, token, batch);
    expect(again.map((r) => r.status)).toEqual(results.map((r) => (r.status === 'rejected' ? 'rejected' : 'duplicate')));
    expect(again[10]?.mapping).toEqual(results[10]?.mapping);
    expect(await points()).toEqual([150, 14, 7, 50]);
    expect(await deliveryRows(hub)).toHaveLength(11);
  });

  it('keeps nothing of a batch whose transaction fails part-way, and counts it once when the till sends it again', async () => {
    const { hub, token } = await start();
    const member = testMember(1).profileId;
    const batch = [receiptItem('R-a', member, 40), receiptItem('R-b', null, 5), receiptItem('R-c', member, 2)];
    // The receipts are written and queued by then; crediting them fails.
    vi.spyOn(hub.parts.mirror, 'creditPointsEach').mockRejectedValueOnce(new Error('the connection dropped'));

    const failed = await fetch(`${hub.url}/sync/v1/upload`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items: batch }),
    });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await receiptLinks(hub)).toEqual({});
    expect(await hub.parts.db.query('SELECT idempotency_key FROM upload_ledger')).toEqual([]);
    expect(await deliveryRows(hub)).toEqual([]);
    expect(await pointsOf(hub, member)).toBe(1);

    expect((await upload(hub, token, batch)).map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await pointsOf(hub, member)).toBe(1 + 42);
    expect(await deliveryRows(hub)).toHaveLength(3);
  });
});
