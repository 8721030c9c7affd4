import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemberCache } from '../../../sync/cache';
import { httpRequest } from '../../support/httpRequest';
import { startTillProcess } from './fixtures/startTillProcess';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a receipt answered 202 survives kill -9 of the till', () => {
  it('is on disk with its outbox item, every time (5 rounds)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-kill-'));
    dirs.push(dataDir);
    const accepted: string[] = [];
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
      await till.kill(); // no graceful close: the process dies right after the answer
    }
    const cache = openMemberCache(dataDir);
    try {
      for (const id of accepted) expect(cache.receipts.findById(id)?.totalMinor).toBe(1000);
      expect(cache.outbox.counts().pending).toBe(accepted.length);
    } finally {
      cache.close();
    }
  });
});
