import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemberCache } from '../../../sync/cache';
import { httpRequest } from '../../support/httpRequest';
import { startTillProcess } from './fixtures/startTillProcess';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a receipt answered 202 survives kill -9 of the till', () => {
  it('is on disk with its outbox item, and so is a request to send it by e-mail, every time (5 rounds)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-kill-'));
    dirs.push(dataDir);
    const accepted: string[] = [];
    const deliveryKeys: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const till = await startTillProcess(dataDir);
      const receiptId = `R-kill-${round}`;
      const res = await httpRequest(`${till.url}/api/v1/receipts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          receiptId,
          createdAt: new Date().toISOString(),
          currency: 'SEK',
          total: 10,
          lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: 10, amount: 10 }],
          payments: [{ method: 'card', amount: 10 }],
        }),
      });
      expect(res.status).toBe(202);
      accepted.push(receiptId);
      // The customer asks for it by e-mail: that request, too, is on disk before its answer.
      const deliveryKey = uuidv7();
      const delivery = await httpRequest(`${till.url}/api/v1/customer-display/receipt-delivery`, {
        method: 'POST',
        headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ idempotencyKey: deliveryKey, receiptId, channel: 'email', to: `kund${round}@example.org` }),
      });
      expect(delivery.status).toBe(202);
      deliveryKeys.push(deliveryKey);
      await till.kill(); // no graceful close: the process dies right after the answer
    }
    const cache = openMemberCache(dataDir);
    try {
      for (const id of accepted) expect(cache.receipts.findById(id)?.totalMinor).toBe(1000);
      for (const key of deliveryKeys) expect(cache.outbox.findById(key)).toMatchObject({ kind: 'receipt_delivery', state: 'pending' });
      expect(cache.outbox.counts().pending).toBe(accepted.length + deliveryKeys.length);
    } finally {
      cache.close();
    }
  });
});
