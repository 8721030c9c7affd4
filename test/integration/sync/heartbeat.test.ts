import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTill } from '../../../sync/client/enrolTill';
import type { HeartbeatDevice } from '../../../sync/protocol';
import { OutboxRepository } from '../../../sync/cache/outboxRepository';
import { SyncStateRepository } from '../../../sync/cache/syncStateRepository';
import { sendHeartbeat } from '../../../sync/client/sendHeartbeat';
import type { SyncContext } from '../../../sync/client/syncContext';
import { SyncFailure } from '../../../sync/client/syncFailure';
import type { CrmUnderTest, TillUnderTest } from './support/syncHarness';
import { enrolledTillDir, openTill, queueReceipt, silentLogger, startCrm } from './support/syncHarness';

let under: CrmUnderTest;
let till: TillUnderTest;
let heartbeats = 0;
const devices = (): HeartbeatDevice[] => {
  heartbeats += 1;
  return [{ deviceId: 'scanner-1', transport: 'serial', state: 'online' }];
};

beforeAll(async () => {
  under = await startCrm({ members: 20 });
  till = openTill(await enrolledTillDir(under), { heartbeat: { version: '0.1.0', devices } });
});
afterAll(async () => {
  await till?.close();
  await under?.close();
});

describe('the heartbeat against the emulated CRM', () => {
  it('is sent once per cycle, and the emulated CRM takes it without changing anything', async () => {
    const before = heartbeats;
    expect((await till.engine.syncNow()).lastError).toBeNull();
    queueReceipt(till.cache, null);
    expect((await till.engine.syncNow()).lastError).toBeNull();
    expect(heartbeats - before).toBe(2);
  });

  it('is checked against the contract: a malformed one gets problem+json', async () => {
    const enrol = await fetch(`${under.crm.url}/sync/v1/enrol`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await under.admin.enrolmentCode(), tillName: 'probe' }),
    });
    const { credentials } = (await enrol.json()) as { credentials: { token: string } };
    const response = await fetch(`${under.crm.url}/sync/v1/heartbeat`, {
      method: 'POST', headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ version: '1' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('a CRM side that predates heartbeats', () => {
  function ctxAnswering(failure: SyncFailure): SyncContext {
    const now = (): number => 0;
    const repos = { outbox: new OutboxRepository(till.cache.db, now), syncState: new SyncStateRepository(till.cache.db) } as SyncContext['repos'];
    return {
      db: till.cache.db, hashKey: till.cache.hashKey, repos, logger: silentLogger, now, signal: new AbortController().signal,
      http: { request: () => Promise.reject(failure), close: () => undefined },
    };
  }

  it.each([
    { answer: new SyncFailure('rejected_request', 'POST /sync/v1/heartbeat: answered 404', { status: 404 }), outcome: 'not_supported' },
    { answer: new SyncFailure('server_error', 'POST /sync/v1/heartbeat: answered 503', { status: 503 }), outcome: 'failed' },
    { answer: new SyncFailure('unreachable', 'POST /sync/v1/heartbeat: CRM unreachable'), outcome: 'failed' },
  ])('answering $answer.message is $outcome, never thrown', async ({ answer, outcome }) => {
    await expect(sendHeartbeat(ctxAnswering(answer), { version: '0.1.0', devices: () => [] })).resolves.toBe(outcome);
  });
});

describe('a till syncing through a CRM side that answers 404 to heartbeats', () => {
  it('keeps syncing, and stops asking after the first 404 until it restarts', async () => {
    let heartbeatsAsked = 0;
    // A CRM side from before heartbeats: the emulated CRM behind a proxy that knows no heartbeat path.
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith('/sync/v1/heartbeat')) {
        heartbeatsAsked += 1;
        res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'not_found', title: 'not found', status: 404 }));
        return;
      }
      const target = new URL(under.crm.url);
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
    try {
      const crmUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await enrolTill({ crmUrl, code: await under.admin.enrolmentCode(), dataDir, tillName: 'Kassa old CRM', logger: silentLogger });
      const old = openTill(dataDir, { heartbeat: { version: '0.1.0', devices: () => [] } });
      try {
        for (let cycle = 0; cycle < 3; cycle += 1) expect((await old.engine.syncNow()).lastError).toBeNull();
        expect(old.engine.status().cacheProfiles).toBe(20);
        expect(heartbeatsAsked).toBe(1);
      } finally {
        await old.shutdown();
      }
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
