import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemberCache } from '../../../sync/cache';
import { httpRequest, type RawResponse } from '../../support/httpRequest';
import { startTillOnTinyDisk, type TillOnTinyDisk } from './fixtures/tillOnTinyDisk';

// The till's data directory on a real 6 MiB tmpfs (in the till's own mount namespace: see fixtures/tillOnTinyDisk),
// filled by a file of ours and then by receipts of about 2 KB. A full disk must cost the till its writes, answered
// 507, and nothing else: it keeps identifying, its logger neither blocks nor kills it, and it recovers by itself
// when space is freed. (Before: ~80 answers, a few 500s, then a process stuck for good in its logger's exit flush.)
const PHONE = '+46701234567';
let seedDir: string;
let mountPoint: string;
let till: TillOnTinyDisk;

beforeAll(async () => {
  seedDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-diskfull-seed-'));
  mountPoint = mkdtempSync(path.join(os.tmpdir(), 'tillid-diskfull-'));
  const cache = openMemberCache(seedDir);
  cache.profiles.upsertProfile({ id: 'crm-1', firstName: 'Anna', displayName: 'Anna A.', tier: 'gold', pointsBalance: 10, pointsAsOf: Date.now(), status: 'active' }, [{ kind: 'phone', value: PHONE }]);
  cache.close();
  till = await startTillOnTinyDisk({ seedDir, mountPoint, sizeMiB: 6 });
}, 90_000);

afterAll(async () => {
  await till?.stop(10_000);
  rmSync(seedDir, { recursive: true, force: true });
  rmSync(mountPoint, { recursive: true, force: true });
});

const api = (method: string, route: string, body?: unknown): Promise<RawResponse> =>
  httpRequest(`${till.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: 10_000,
  });

/** A sale of about 2 KB whose lines and payment add up. */
function receipt(id: string): unknown {
  const lines = Array.from({ length: 10 }, (_, i) => ({ sku: `SKU-${i}`, description: `Vara ${i} `.padEnd(180, 'x'), quantity: 1, unitPrice: 10, amount: 10 }));
  return { receiptId: id, createdAt: new Date().toISOString(), currency: 'SEK', total: 100, lines, payments: [{ method: 'card', amount: 100 }] };
}

/** Fills the tmpfs with a file of ours until ENOSPC (bounded by the disk's size), then frees `leaveBytes` of it. */
function fillDisk(file: string, leaveBytes: number): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (let i = 0; i < 200; i += 1) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        break;
      }
    }
    ftruncateSync(fd, Math.max(0, statSync(file).size - leaveBytes));
  } finally {
    closeSync(fd);
  }
}

describe('a till whose disk fills up', () => {
  it('answers 507 while full, keeps identifying and serving, and takes receipts again once space is freed', async () => {
    const filler = path.join(till.dataDir, 'filler');
    fillDisk(filler, 400 * 1024);

    const accepted: string[] = [];
    let full: RawResponse | undefined;
    for (let i = 0; i < 2_000 && !full; i += 1) {
      const res = await api('POST', '/api/v1/receipts', receipt(`R-${i}`));
      if (res.status === 202) accepted.push(`R-${i}`);
      else full = res;
    }
    expect(accepted.length).toBeGreaterThan(0);
    expect(full?.status).toBe(507);
    expect(full?.headers['content-type']).toContain('application/problem+json');
    expect(full?.json()).toMatchObject({ type: 'https://tillid.dev/problems/disk_full', status: 507, title: 'Insufficient storage' });
    expect((full?.json() as { detail: string }).detail).toMatch(/the till's disk is full: free space on it\. Nothing accepted before this is lost/i);

    // Still full: every write is refused the same way, every read still works, many times over.
    for (let i = 0; i < 20; i += 1) {
      expect((await api('POST', '/api/v1/receipts', receipt(`R-full-${i}`))).status).toBe(507);
      const identified = await api('POST', '/api/v1/identify', { input: '070-123 45 67', source: 'typed' });
      expect(identified.status).toBe(200);
      expect(identified.json()).toMatchObject({ result: 'identified', kind: 'phone', profile: { id: 'crm-1' } });
      expect((await api('GET', '/api/v1/health')).status).toBe(200);
    }

    // Space freed: the same till takes the refused receipt now, and its log says how many lines the full disk cost.
    rmSync(filler);
    expect((await api('POST', '/api/v1/receipts', receipt('R-full-0'))).status).toBe(202);
    const log = path.join(till.dataDir, 'logs', 'tillid.log');
    let logText = '';
    for (let i = 0; i < 40 && !logText.includes('log lines were lost'); i += 1) {
      await api('POST', '/api/v1/receipts', receipt(`R-after-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 250));
      logText = readFileSync(log, 'utf8');
    }
    expect(logText).toContain('log lines were lost while the log file could not be written');
    expect(logText).not.toContain(PHONE);

    // Nothing answered 202 was lost: every accepted receipt is still there (a retry is a duplicate, not a new sale).
    for (const id of accepted.slice(-5)) expect((await api('POST', '/api/v1/receipts', receipt(id))).json()).toMatchObject({ status: 'duplicate' });

    // And it stops when told to, instead of hanging in its logger.
    expect(await till.stop(15_000)).toBe(0);
  }, 180_000);
});
