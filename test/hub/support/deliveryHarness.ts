import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Hub } from '../../../hub';
import { UploadResponseSchema } from '../../../sync/protocol';
import type { UploadItemEnvelope, UploadResult } from '../../../sync/protocol';

/** A hub's logs kept as text lines, for privacy assertions. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** A clock the test moves: backoffs and leases run on it, call timeouts on real time. */
export function testClock(start = Date.UTC(2026, 11, 1, 9, 0, 0)): { now: () => number; advance(ms: number): void } {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms) };
}

export function receiptItem(receiptId: string, profileId: string | null, total = 100): UploadItemEnvelope {
  return {
    idempotencyKey: uuidv7(),
    kind: 'receipt',
    payload: {
      receiptId, profileId, createdAt: '2026-12-01T10:00:00+01:00', currency: 'SEK', total,
      lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: total, amount: total }], payments: [{ method: 'card', amount: total }], tillId: 'till-1',
    },
  };
}

export function signupItem(provisionalId: string, phone: string, firstName = 'Anna'): UploadItemEnvelope {
  return {
    idempotencyKey: uuidv7(),
    kind: 'signup',
    payload: { provisionalId, firstName, identifiers: [{ kind: 'phone', value: phone }], createdAt: '2026-12-01T10:00:00+01:00', tillId: 'till-1' },
  };
}

/** A consent as a till uploads it (`purpose` as on the wire: `terms`, `marketingEmail`, `marketingSms`). */
export function consentItem(profileId: string, purpose: string, granted: boolean, at = '2026-12-01T10:00:00+01:00', version?: string): UploadItemEnvelope {
  return {
    idempotencyKey: uuidv7(),
    kind: 'consent',
    payload: { profileId, purpose, granted, at, source: 'till:till-1', ...(version === undefined ? {} : { version }) },
  };
}

export async function upload(hub: Hub, token: string, items: UploadItemEnvelope[]): Promise<UploadResult[]> {
  const response = await fetch(`${hub.url}/sync/v1/upload`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }),
  });
  if (response.status !== 200) throw new Error(`upload: HTTP ${response.status}`);
  return UploadResponseSchema.parse(await response.json()).results;
}

export async function adminGet(hub: Hub, path: string): Promise<unknown> {
  const response = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${hub.adminToken}` } });
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** POST /admin/deliveries/retry: failed rows (all, or these ids) back in the queue; answers how many. */
export async function retryFailed(hub: Hub, ids?: number[]): Promise<number> {
  const response = await fetch(`${hub.url}/admin/deliveries/retry`, {
    method: 'POST', headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(ids === undefined ? {} : { ids }),
  });
  if (response.status !== 200) throw new Error(`retry: HTTP ${response.status}`);
  return ((await response.json()) as { requeued: number }).requeued;
}

export interface DeliveryRow {
  kind: string;
  item_key: string;
  state: string;
  attempts: number;
  reason: string | null;
  next_at: number;
}

export async function deliveryRows(hub: Hub): Promise<DeliveryRow[]> {
  return hub.parts.db.query<DeliveryRow>('SELECT kind, item_key, state, attempts, reason, next_at FROM crm_deliveries ORDER BY id');
}

/**
 * Drives the stopped worker by hand: delivers every due row, then moves the clock on by `stepMs` (past any backoff
 * or wait), at most `rounds` times, until nothing is pending.
 */
export async function deliverAll(hub: Hub, clock: { advance(ms: number): void }, rounds = 40, stepMs = 600_000): Promise<void> {
  const worker = hub.deliveryWorker;
  if (!worker) throw new Error('this hub has no delivery worker');
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 1000 && (await worker.deliverOne()); i++);
    const [row] = await hub.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE state = 'pending'");
    if ((row?.n ?? 0) === 0) return;
    clock.advance(stepMs);
  }
  throw new Error(`deliveries still pending after ${rounds} rounds`);
}
