// The till's side of sync over loopback, against the hub with the demo connector in its own process (the other core), each figure
// beside its limit measured in the same run:
// - bootstrap of N members (--members, default 1,000,000) into an empty cache, against the bulk load of the same rows
//   (support/crmMemberPages.ts) into another empty cache: target ratio ≤ 1.5. Meanwhile a till looks a member up every
//   50 ms: every lookup must be answered, none kept waiting over 500 ms;
// - 10,000 deltas pulled and applied, against the same upserts in one plain transaction (pre-hashed): ratio ≤ 1.5;
// - 10,000 queued member receipts delivered, and their points pulled back, in one sync cycle (≤ 10 s).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { bulkLoadProfiles } from '../../sync/cache/bulkLoadProfiles';
import { openMemberCache } from '../../sync/cache/memberCache';
import type { MemberCache } from '../../sync/cache/memberCache';
import { createFileCredentialStore } from '../../sync/client/credentialStore';
import { enrolTill } from '../../sync/client/enrolTill';
import { createSyncEngine } from '../../sync/client/syncEngine';
import { SYNC_KEYS } from '../../sync/client/syncRecord';
import { demoMember } from '../../hub/connectors/demo/demoMembers';
import { startCrmProcess } from '../integration/sync/fixtures/childProcesses';
import type { BenchOptions } from './support/benchOptions';
import { withBenchPostgres } from './support/benchPostgres';
import { crmMemberPages } from './support/crmMemberPages';
import { atMost, withinRatio } from './support/figure';
import { plainDeltaApply } from './support/plainDeltaApply';
import { percentiles } from './support/stats';

export const name = 'sync';

/** The seed of test/integration/sync/fixtures/crmProcess.ts. */
const CRM_SEED = 3;
const DELTAS = 10_000;
const DELTA_ROUNDS = 3;
const RECEIPTS = 10_000;
const LOOKUP_EVERY_MS = 50;
const LONGEST_LOOKUP_WAIT_MS = 500;

interface Crm {
  url: string;
  adminToken: string;
}

async function admin(crm: Crm, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${crm.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${crm.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}`);
  return response.json();
}

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const members = options.members;
  const crmDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-sync-bench-crm-'));
  const tillDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-sync-bench-till-'));
  const logger = pino({ enabled: false });
  const seedStart = performance.now();
  let crm: Awaited<ReturnType<typeof startCrmProcess>> | null = null;
  try {
    const { postgres, result } = await withBenchPostgres(async (postgresUrl) => {
      try {
        crm = await startCrmProcess(crmDir, members, { postgresUrl });
        return await measure(crm, tillDir, members, Math.round(performance.now() - seedStart), logger);
      } finally {
        await crm?.stop();
      }
    });
    return { postgres, ...result };
  } finally {
    await rm(crmDir, { recursive: true, force: true });
    await rm(tillDir, { recursive: true, force: true });
  }
}

/** The bulk load of the CRM's rows into a fresh cache: the bootstrap's limit. */
async function bulkLoadLimit(members: number): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-sync-bench-limit-'));
  const cache = openMemberCache(dir);
  try {
    const load = await bulkLoadProfiles(cache.db, cache.hashKey, crmMemberPages(members, CRM_SEED));
    return load.milliseconds;
  } finally {
    cache.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A till at the counter: one lookup every 50 ms, each timed, and how late each tick ran (the event loop held). */
function lookupsMeanwhile(cache: MemberCache, members: number): () => Record<string, unknown> {
  const waits: number[] = [];
  const lookups: number[] = [];
  let found = 0;
  let failed = 0;
  let index = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    waits.push(now - last - LOOKUP_EVERY_MS);
    last = now;
    index = (index + 7919) % members;
    const started = performance.now();
    try {
      if (cache.profiles.findByIdentifier('phone', demoMember(index, CRM_SEED).phone)) found++;
    } catch {
      failed++;
    }
    const took = performance.now() - started;
    lookups.push(took);
    last += took;
  }, LOOKUP_EVERY_MS);
  return () => {
    clearInterval(timer);
    const waited = percentiles(waits);
    const wait = Math.max(waited.max, percentiles(lookups).max);
    return {
      longestWait: { ...atMost(Math.round(wait), LONGEST_LOOKUP_WAIT_MS, 'ms'), note: 'the longest a lookup waited to start, or took' },
      lookups: lookups.length,
      found,
      failed,
      lookupMs: percentiles(lookups),
      tickLateMs: waited,
    };
  };
}

async function measure(crm: Crm, tillDir: string, members: number, seedMs: number, logger: pino.Logger): Promise<Record<string, unknown>> {
  const { code } = (await admin(crm, 'POST', '/admin/enrolment-codes', {})) as { code: string };
  await enrolTill({ crmUrl: crm.url, code, dataDir: tillDir, tillName: 'bench', logger });
  const token = (await createFileCredentialStore(tillDir).read())?.token;
  if (!token) throw new Error('enrolment stored no credentials');
  process.stderr.write(`  bootstrap limit: bulk load of the same ${members.toLocaleString('en')} rows\n`);
  const limitMs = await bulkLoadLimit(members);

  const cache = openMemberCache(tillDir, { logger });
  const engine = createSyncEngine({ db: cache.db, dataDir: tillDir, logger, hasherKey: cache.hashKey, pullIntervalMs: 3_600_000 });
  try {
    let lastReport = 0;
    engine.on('progress', (p) => {
      if (p.state !== 'running' || p.total === 0 || performance.now() - lastReport < 5_000) return;
      lastReport = performance.now();
      process.stderr.write(`  bootstrap ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${p.rate.toLocaleString('en')} rows/s)\n`);
    });

    const stopLookups = lookupsMeanwhile(cache, members);
    const bootStart = performance.now();
    const afterBootstrap = await engine.syncNow();
    const bootstrapMs = Math.round(performance.now() - bootStart);
    const lookupsDuringBootstrap = stopLookups();
    if (afterBootstrap.cacheProfiles !== members) throw new Error(`bootstrap left ${afterBootstrap.cacheProfiles} profiles, expected ${members}`);

    // Deltas: the engine pulls and applies them; then the same pages, fetched again, applied plainly. A warm-up round
    // first (the first pull after a bootstrap runs on cold pages and a cold JIT), then rounds in alternation: medians.
    const deltaRounds: Array<{ engineMs: number; plainMs: number }> = [];
    for (let round = 0; round <= DELTA_ROUNDS; round++) {
      const cursorBefore = cache.syncState.get(SYNC_KEYS.cursor);
      if (cursorBefore === undefined) throw new Error('no cursor after the bootstrap');
      await admin(crm, 'POST', '/admin/changes/touch', { count: DELTAS });
      const deltaStart = performance.now();
      const afterDeltas = await engine.syncNow();
      const engineMs = performance.now() - deltaStart;
      if (afterDeltas.lastError) throw new Error(`pull failed: ${afterDeltas.lastError.message}`);
      const plain = await plainDeltaApply(cache, { url: crm.url, token, cursor: cursorBefore });
      if (plain.upserts < DELTAS) throw new Error(`the plain apply saw ${plain.upserts} upserts, expected ${DELTAS}`);
      if (round > 0) deltaRounds.push({ engineMs, plainMs: plain.milliseconds });
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const deltasMs = Math.round(median(deltaRounds.map((r) => r.engineMs)));
    const plainDeltasMs = Math.round(median(deltaRounds.map((r) => r.plainMs)));

    const createdAt = Date.now();
    cache.db.transaction(() => {
      for (let i = 0; i < RECEIPTS; i += 1) {
        cache.receipts.enqueueReceipt({
          receiptId: `bench-${createdAt}-${i}`,
          profileId: `P${String((i % members) + 1).padStart(8, '0')}`,
          createdAt: createdAt + i,
          currency: 'SEK',
          totalMinor: 4_990, // the lines' sum: the CRM refuses a receipt whose arithmetic does not hold
          body: { lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 49.9, amount: 49.9 }], payments: [{ method: 'card', amount: 49.9 }] },
        });
      }
    })();
    // The figure is the whole cycle: the receipts delivered, then the pull that brings their points back to the till.
    // When the last batch's answers were applied (the outbox empty) is reported beside it.
    let deliveredAt: number | null = null;
    const unsubscribe = engine.on('status', (status) => {
      if (deliveredAt === null && status.pendingItems === 0) deliveredAt = performance.now();
    });
    const pushStart = performance.now();
    const afterPush = await engine.syncNow();
    const pushMs = Math.round(performance.now() - pushStart);
    unsubscribe();
    const uploadsMs = deliveredAt === null ? null : Math.round(deliveredAt - pushStart);
    // Reported, not thrown: a refused receipt must not cost the run the figures above.
    const stats = (await admin(crm, 'GET', '/admin/stats')) as { receipts: number };

    return {
      members,
      crmSeedMs: seedMs,
      bootstrap: {
        ...withinRatio(bootstrapMs / 1000, limitMs / 1000, 1.5, 's'),
        limitIs: 'bulkLoadProfiles of the same rows into an empty cache, no network',
        rowsPerSecond: Math.round(members / (bootstrapMs / 1000)),
      },
      lookupsDuringBootstrap,
      deltas: {
        ...withinRatio(deltasMs, plainDeltasMs, 1.5, 'ms'),
        limitIs: 'the same upserts (identifiers pre-hashed) as prepared UPDATE/DELETE/INSERTs in one plain transaction',
        count: DELTAS,
        rounds: deltaRounds.map((r) => ({ engineMs: Math.round(r.engineMs), plainMs: r.plainMs })),
        note: `medians of ${DELTA_ROUNDS} alternating rounds after a warm-up round`,
      },
      receipts: {
        ...atMost(pushMs, 10_000, 'ms'),
        count: RECEIPTS,
        uploadsMs,
        note: 'one sync cycle: queued member receipts delivered (uploadsMs: the last batch answered), then the pull of their points; a fixed ceiling',
      },
      receiptsNotDelivered: { ...atMost(RECEIPTS - stats.receipts, 0, 'receipts'), stillPending: afterPush.pendingItems },
    };
  } finally {
    await engine.stop();
    cache.close();
  }
}
