// Two `tillid hub` processes on one PostgreSQL behind a load balancer (a loopback TCP proxy here). Hub A commits a
// till's upload and is killed with SIGKILL the moment its answer starts, so the till never hears it; the till's retry
// goes through the proxy to hub B. Each receipt must be kept once and counted once. PostgreSQL only: PGlite is one
// process's database.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoMember } from '../../hub/connectors/demo/demoMembers';
import { openPostgresDatabase } from '../../hub/db/postgresDatabase';
import { openMemberCache } from '../../sync/cache/memberCache';
import type { MemberCache } from '../../sync/cache/memberCache';
import { enrolTill } from '../../sync/client/enrolTill';
import { createSyncEngine } from '../../sync/client/syncEngine';
import type { SyncEngine } from '../../sync/client/syncEngine';
import { SYNC_PATHS } from '../../sync/protocol';
import { queueReceipt } from '../integration/sync/support/syncHarness';
import { killNine, startDemoHubProcess } from './support/hubChildProcess';
import { hubStorage, silentLogger } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';

const ADMIN = 'admin-token-for-the-two-process-test';

interface Balancer {
  url: string;
  /** The next upload's answer from the current backend is never passed on: `onAnswer` runs as its first byte arrives. */
  dropNextUploadAnswer(onAnswer: () => void): void;
  /** Where new connections go from now on. */
  routeTo(port: number): void;
  close(): Promise<void>;
}

/** A plain TCP load balancer on 127.0.0.1 with one backend at a time, able to lose one upload's answer. */
async function loadBalancer(firstPort: number): Promise<Balancer> {
  let backendPort = firstPort;
  let dropUpload: (() => void) | null = null;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const backend = net.connect(backendPort, '127.0.0.1');
    sockets.add(client).add(backend);
    let uploadSent = false;
    let onUploadAnswer: (() => void) | null = null;
    client.on('data', (chunk: Buffer) => {
      if (dropUpload !== null && chunk.toString('latin1').startsWith(`POST ${SYNC_PATHS.upload}`)) {
        uploadSent = true;
        onUploadAnswer = dropUpload;
        dropUpload = null;
      }
      backend.write(chunk);
    });
    backend.on('data', (chunk: Buffer) => {
      if (uploadSent && onUploadAnswer !== null) {
        // The hub has answered, so it has committed: it dies now, and the till hears nothing.
        onUploadAnswer();
        onUploadAnswer = null;
        client.destroy();
        backend.destroy();
        return;
      }
      client.write(chunk);
    });
    const closeBoth = (): void => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    backend.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    dropNextUploadAnswer: (onAnswer) => {
      dropUpload = onAnswer;
    },
    routeTo: (port) => {
      backendPort = port;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('two hub processes on one PostgreSQL', () => {
  let storage: HubStorage | undefined;
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await killNine(child);
    await storage?.remove();
    storage = undefined;
  });

  it('an upload committed by one that dies before answering, retried at the other, is kept and counted once', async () => {
    storage = await hubStorage('postgres');
    const databaseUrl = storage.options.databaseUrl as string;
    const hubA = await startDemoHubProcess(ADMIN, ['--port', '0', '--database', databaseUrl]);
    children.push(hubA.child);
    const hubB = await startDemoHubProcess(ADMIN, ['--port', '0', '--database', databaseUrl]);
    children.push(hubB.child);
    const balancer = await loadBalancer(Number(new URL(hubA.url).port));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-till-'));
    const db = await openPostgresDatabase(databaseUrl);
    let cache: MemberCache | undefined;
    let sync: SyncEngine | undefined;
    try {
      const code = ((await (await fetch(`${balancer.url}/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { code: string }).code;
      await enrolTill({ crmUrl: balancer.url, code, dataDir, tillName: 'Kassa 1', logger: silentLogger });
      const till = openMemberCache(dataDir, { logger: silentLogger });
      cache = till;
      sync = createSyncEngine({
        db: till.db, dataDir, logger: silentLogger, hasherKey: till.hashKey, pullIntervalMs: 3_600_000, uploadBatchSize: 50,
        backoff: { baseMs: 5, maxMs: 20 }, http: { retry: { limit: 0, backoff: { baseMs: 5, maxMs: 20 } }, timeouts: { response: 5_000, request: 10_000 } },
      });
      await sync.syncNow();
      const ids = Array.from({ length: 12 }, () => queueReceipt(till, 'P00000002', 5_000));
      let killed: Promise<void> | undefined;
      balancer.dropNextUploadAnswer(() => {
        killed = killNine(hubA.child);
        balancer.routeTo(Number(new URL(hubB.url).port));
      });

      const lost = await sync.syncNow();
      await killed;

      // Not a test of nothing: hub A committed the whole batch, died, and the till still holds every receipt.
      expect(killed).toBeDefined();
      expect(hubA.child.signalCode).toBe('SIGKILL');
      expect(lost.lastError).not.toBeNull();
      expect(sync.status().pendingItems).toBe(12);
      expect((await db.query('SELECT receipt_id FROM receipts')).length).toBe(12);

      for (let attempt = 0; attempt < 10 && sync.status().pendingItems > 0; attempt++) await sync.syncNow();

      expect(sync.status()).toMatchObject({ pendingItems: 0, deadLetters: 0 });
      const held = await db.query<{ receipt_id: string }>('SELECT receipt_id FROM receipts ORDER BY receipt_id');
      expect(held.map((r) => r.receipt_id)).toEqual([...ids].sort());
      expect((await db.query('SELECT idempotency_key FROM upload_ledger')).length).toBe(12);
      const [row] = await db.query<{ row_json: string }>("SELECT row_json FROM profiles WHERE profile_id = 'P00000002'");
      expect((JSON.parse(row?.row_json ?? '[]') as unknown[])[4]).toBe(demoMember(1, 1).points + 12 * 50);
    } finally {
      await sync?.stop();
      cache?.close();
      await db.close();
      await balancer.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
