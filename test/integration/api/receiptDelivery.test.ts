import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TillEvent } from '../../../main/api/contract/events';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import { enrolTill } from '../../../sync/client';
import { AdminReceiptDeliveriesSchema } from '../../../hub/routes/adminAnswerSchemas';
import { startTestHub, type TestHub } from '../../support/testHub';
import { crmAdmin } from '../sync/support/crmAdmin';

/** Addresses no demo data has: found anywhere but the CRM's record, they leaked. */
const TYPED_EMAIL = 'kvitto.4711@example.org';
const MEMBER_PHONE = '+46701234599';

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function deliveries(crm: TestHub): Promise<z.infer<typeof AdminReceiptDeliveriesSchema>['deliveries']> {
  const response = await fetch(`${crm.url}/admin/receipt-deliveries`, { headers: { authorization: `Bearer ${crm.adminToken}` } });
  expect(response.status).toBe(200);
  return AdminReceiptDeliveriesSchema.parse(await response.json()).deliveries;
}

it('a receipt asked for by e-mail or SMS is queued while the CRM is down and reaches it exactly once when it is back', async () => {
  const crmDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-rdeliv-crm-'));
  const tillDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-rdeliv-till-'));
  dirs.push(crmDir, tillDir);
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const crmLogs: string[] = [];
  const crmLogger = pino({ level: 'debug' }, { write: (line: string) => void crmLogs.push(line) });
  // The hub on PGlite in its own folder: stopped and started again on the same data below.
  let crm = await startTestHub({ dataDir: crmDir, members: 20, seed: 3, logger: crmLogger });
  const port = crm.port;
  let crmOpen = true;
  closers.push(async () => {
    if (crmOpen) await crm.close();
  });
  const memberId = await crmAdmin(crm).createProfile({ firstName: 'Kvitta', phone: MEMBER_PHONE, email: 'kvitta@example.org' });
  await enrolTill({ crmUrl: crm.url, code: await crmAdmin(crm).enrolmentCode(), dataDir: tillDir, tillName: 'Kassa 1', logger });
  await writeFile(path.join(tillDir, 'config.json'), JSON.stringify({ sync: { pullIntervalSeconds: 3600 } }));
  const till: RunningTill = await startTill({ dataDir: tillDir, logger, port: 0 });
  closers.push(async () => {
    await till.sync.stop();
    await till.close();
  });
  await till.sync.syncNow();
  const events: TillEvent[] = [];
  till.till.bus.subscribe((event) => events.push(event));

  const call = async (method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> => {
    const response = await fetch(`${till.url}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${till.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
  };

  expect((await call('POST', '/api/v1/identify', { input: '070-123 45 99' })).status).toBe(200);
  const receiptId = `R-${randomUUID()}`;
  const sale = {
    receiptId, createdAt: '2026-11-30T10:00:00+01:00', currency: 'SEK', total: 129.5,
    lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 129.5, amount: 129.5 }], payments: [{ method: 'card', amount: 129.5 }],
  };
  expect((await call('POST', '/api/v1/receipts', sale)).json).toMatchObject({ profileId: memberId, status: 'queued' });
  await till.sync.syncNow();

  // The CRM goes away: the requests are still taken, on disk.
  await crm.close();
  crmOpen = false;
  const typed = { idempotencyKey: uuidv7(), receiptId, channel: 'email', to: ` ${TYPED_EMAIL.toUpperCase()} ` };
  const unseen = { idempotencyKey: uuidv7(), receiptId, channel: 'sms' };
  expect(await call('POST', '/api/v1/customer-display/receipt-delivery', typed)).toEqual({ status: 202, json: { status: 'queued' } });
  expect(await call('POST', '/api/v1/customer-display/receipt-delivery', typed)).toEqual({ status: 202, json: { status: 'duplicate' } });
  expect(await call('POST', '/api/v1/customer-display/receipt-delivery', unseen)).toEqual({ status: 202, json: { status: 'queued' } });
  // Bad input is refused with a clear code, and queues nothing.
  expect((await call('POST', '/api/v1/customer-display/receipt-delivery', { ...typed, idempotencyKey: uuidv7(), to: 'inte en adress' })).json).toMatchObject({ type: expect.stringContaining('invalid_email') });
  expect((await call('POST', '/api/v1/customer-display/receipt-delivery', { ...unseen, idempotencyKey: uuidv7(), receiptId: 'R-none' })).status).toBe(404);
  expect((await call('POST', '/api/v1/customer-display/receipt-delivery', { ...unseen, idempotencyKey: randomUUID() })).status).toBe(400);
  const anonymous = `R-${randomUUID()}`;
  expect((await call('POST', '/api/v1/receipts', { ...sale, receiptId: anonymous })).status).toBe(202);
  expect((await call('POST', '/api/v1/customer-display/receipt-delivery', { ...unseen, idempotencyKey: uuidv7(), receiptId: anonymous })).status).toBe(422);

  const down = await till.sync.syncNow();
  expect(down).toBeDefined();
  const pendingKinds = till.cache.outbox.nextBatch(50).map((item) => item.kind);
  expect(pendingKinds.filter((kind) => kind === 'receipt_delivery')).toHaveLength(2);

  // Back, on the same address and data: delivered once, however often the till syncs.
  crm = await startTestHub({ dataDir: crmDir, members: 20, seed: 3, port, logger: crmLogger });
  crmOpen = true;
  await till.sync.syncNow();
  await till.sync.syncNow();
  expect(await call('POST', '/api/v1/customer-display/receipt-delivery', typed)).toEqual({ status: 202, json: { status: 'duplicate' } });
  await till.sync.syncNow();

  const held = await deliveries(crm);
  expect(held).toHaveLength(2);
  expect(held).toContainEqual(expect.objectContaining({ receiptId, channel: 'email', address: TYPED_EMAIL, source: 'typed', profileId: memberId }));
  expect(held).toContainEqual(expect.objectContaining({ receiptId, channel: 'sms', address: MEMBER_PHONE, source: 'member', profileId: memberId }));
  expect(till.cache.outbox.nextBatch(50).filter((item) => item.kind === 'receipt_delivery')).toEqual([]);
  const delivered = till.cache.outbox.findById(typed.idempotencyKey);
  expect(delivered).toMatchObject({ state: 'delivered', payload: null });

  // The address never reached a log line or an event of the till, nor a log line of the CRM.
  const leaks = (text: string): boolean => text.toLowerCase().includes(TYPED_EMAIL) || text.includes(MEMBER_PHONE);
  expect(logs.filter(leaks)).toEqual([]);
  expect(crmLogs.filter(leaks)).toEqual([]);
  expect(events.map((e) => JSON.stringify(e)).filter(leaks)).toEqual([]);
  // Nor the till's cache once delivered (the payload cleared, the WAL truncated).
  await till.sync.stop();
  for (const file of ['cache.db', 'cache.db-wal']) {
    const bytes = await readFile(path.join(tillDir, file)).catch(() => Buffer.alloc(0));
    expect(bytes.includes(Buffer.from(TYPED_EMAIL)), file).toBe(false);
  }
}, 180_000);
