// The till's side of sync over loopback, against the emulated CRM in its own process (the other core):
// bootstrap of TILLID_BENCH_MEMBERS (default 1,000,000) members into an empty cache (target ≤ 20 s),
// 10,000 deltas applied (≤ 1 s), 10,000 queued receipts delivered (≤ 10 s).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openMemberCache } from '../../sync/cache/memberCache';
import { enrolTill } from '../../sync/client/enrolTill';
import { createSyncEngine } from '../../sync/client/syncEngine';
import { startCrmProcess } from '../integration/sync/fixtures/childProcesses';

export const name = 'sync';

const MEMBERS = Number(process.env.TILLID_BENCH_MEMBERS ?? 1_000_000);
const DELTAS = 10_000;
const RECEIPTS = 10_000;

async function admin(crm: { url: string; adminToken: string }, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${crm.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${crm.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}`);
  return response.json();
}

export async function run(): Promise<Record<string, unknown>> {
  const crmDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-sync-bench-crm-'));
  const tillDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-sync-bench-till-'));
  const logger = pino({ enabled: false });
  const seedStart = performance.now();
  let crm: Awaited<ReturnType<typeof startCrmProcess>> | null = null;
  try {
    crm = await startCrmProcess(crmDir, MEMBERS);
    return await measure(crm, tillDir, Math.round(performance.now() - seedStart), logger);
  } finally {
    await crm?.stop();
    await rm(crmDir, { recursive: true, force: true });
    await rm(tillDir, { recursive: true, force: true });
  }
}

async function measure(crm: { url: string; adminToken: string }, tillDir: string, seedMs: number, logger: pino.Logger): Promise<Record<string, unknown>> {
  const { code } = (await admin(crm, 'POST', '/admin/enrolment-codes', {})) as { code: string };
  await enrolTill({ crmUrl: crm.url, code, dataDir: tillDir, tillName: 'bench', logger });
  const cache = openMemberCache(tillDir, { logger });
  const engine = createSyncEngine({ db: cache.db, dataDir: tillDir, logger, hasherKey: cache.hashKey, pullIntervalMs: 3_600_000 });
  try {
    let lastReport = 0;
    engine.on('progress', (p) => {
      if (p.state !== 'running' || p.total === 0 || performance.now() - lastReport < 2_000) return;
      lastReport = performance.now();
      process.stderr.write(`  bootstrap ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${p.rate.toLocaleString('en')} rows/s)\n`);
    });

    const bootStart = performance.now();
    const afterBootstrap = await engine.syncNow();
    const bootstrapMs = Math.round(performance.now() - bootStart);
    if (afterBootstrap.cacheProfiles !== MEMBERS) throw new Error(`bootstrap left ${afterBootstrap.cacheProfiles} profiles, expected ${MEMBERS}`);
    const rowsPerSecond = Math.round(MEMBERS / (bootstrapMs / 1000));
    process.stderr.write(`  bootstrap: ${MEMBERS.toLocaleString('en')} members in ${bootstrapMs} ms = ${rowsPerSecond.toLocaleString('en')} rows/s\n`);

    await admin(crm, 'POST', '/admin/changes/touch', { count: DELTAS });
    const deltaStart = performance.now();
    const afterDeltas = await engine.syncNow();
    const deltasMs = Math.round(performance.now() - deltaStart);
    if (afterDeltas.lastError) throw new Error(`pull failed: ${afterDeltas.lastError.message}`);

    const createdAt = Date.now();
    cache.db.transaction(() => {
      for (let i = 0; i < RECEIPTS; i += 1) {
        cache.receipts.enqueueReceipt({
          receiptId: `bench-${createdAt}-${i}`,
          profileId: `P${String((i % MEMBERS) + 1).padStart(8, '0')}`,
          createdAt: createdAt + i,
          currency: 'SEK',
          totalMinor: 4_990 + i,
          body: { lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 49.9, amount: 49.9 }], payments: [{ method: 'card', amount: 49.9 }] },
        });
      }
    })();
    const pushStart = performance.now();
    const afterPush = await engine.syncNow();
    const pushMs = Math.round(performance.now() - pushStart);
    const stats = (await admin(crm, 'GET', '/admin/stats')) as { receipts: number };
    if (afterPush.pendingItems !== 0 || stats.receipts !== RECEIPTS) throw new Error(`push left ${afterPush.pendingItems} pending; the CRM holds ${stats.receipts}`);

    return {
      members: MEMBERS,
      crmSeedMs: seedMs,
      bootstrapMs,
      bootstrapRowsPerSecond: rowsPerSecond,
      bootstrapTargetMs: 20_000,
      deltas: DELTAS,
      deltasMs,
      deltasTargetMs: 1_000,
      receipts: RECEIPTS,
      receiptsDeliveredMs: pushMs,
      receiptsTargetMs: 10_000,
    };
  } finally {
    await engine.stop();
    cache.close();
  }
}
