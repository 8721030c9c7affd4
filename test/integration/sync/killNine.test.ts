import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapLoader } from '../../../sync/cache/bootstrapLoader';
import { openMemberCache } from '../../../sync/cache/memberCache';
import { jsonLines, spawnFixture } from './fixtures/childProcesses';
import { expectCacheMatchesCrm } from './support/cacheMatchesCrm';
import type { CrmUnderTest } from './support/syncHarness';
import { enrolledTillDir, silentLogger, startCrm } from './support/syncHarness';

// kill -9 of a process running the sync engine, in the middle of a bootstrap, a pull and a push, repeatedly:
// each restart resumes, nothing is lost or doubled, and the cache ends equal to the CRM.

interface ChildEvent {
  event: string;
  [key: string]: unknown;
}

interface ChildRun {
  events: ChildEvent[];
  killed: boolean;
  queued: string[];
}

type KillWhen = ((event: ChildEvent, events: ChildEvent[]) => boolean) | { msAfterFirstCycle: number };

/**
 * Runs the engine in a child until it is killed (SIGKILL) — when `killWhen` says so, or a fixed time after its first
 * sync cycle began — or goes idle by itself. Bounded by a timeout.
 */
function runChild(dataDir: string, receipts: number, tag: string, killWhen: KillWhen): Promise<ChildRun> {
  const child = spawnFixture('tillSyncProcess.ts', [dataDir, String(receipts), tag]);
  const events: ChildEvent[] = [];
  let killed = false;
  const kill = (): void => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${tag} neither idle nor killed in time; last events ${JSON.stringify(events.slice(-3))}`));
    }, 45_000);
    const output = jsonLines(child, (value) => {
      const event = value as ChildEvent;
      events.push(event);
      if (typeof killWhen === 'function') {
        if (killWhen(event, events)) kill();
      } else if (event.event === 'cycle' && event.cycle === 0) {
        setTimeout(kill, killWhen.msAfterFirstCycle);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) {
        reject(new Error(`child ${tag} failed (${code ?? signal}): ${output.stderr()}`));
        return;
      }
      const queued = events.filter((e) => e.event === 'queued').flatMap((e) => e.ids as string[]);
      resolve({ events, killed: signal === 'SIGKILL', queued });
    });
  });
}

const firstProgressDone = (run: ChildRun): number => (run.events.find((e) => e.event === 'progress')?.done as number | undefined) ?? -1;

let under: CrmUnderTest;
let dataDir: string;

beforeAll(async () => {
  under = await startCrm({ members: 20_000 });
  dataDir = await enrolledTillDir(under);
}, 120_000);
afterAll(async () => {
  await under?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function expectConsistentCache(): Promise<void> {
  const cache = openMemberCache(dataDir, { logger: silentLogger });
  return (async () => {
    try {
      expect(BootstrapLoader.inProgress(cache.db)).toBe(false);
      expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
      await expectCacheMatchesCrm(cache, under.crm.url, under.admin);
    } finally {
      cache.close();
    }
  })();
}

describe('kill -9 of the syncing till', () => {
  it('during the bootstrap, repeatedly: each run resumes where the last commit left it', async () => {
    const thresholds = [1_000, 4_000, 9_000, 14_000];
    const runs: ChildRun[] = [];
    for (const [i, threshold] of thresholds.entries()) {
      runs.push(await runChild(dataDir, 0, `boot${i}`, (e) => e.event === 'progress' && e.state === 'running' && (e.done as number) >= threshold));
    }
    expect(runs.every((run) => run.killed)).toBe(true);
    // Every restart began where the previous run's last commit was, not at zero.
    for (const run of runs.slice(1)) expect(firstProgressDone(run)).toBeGreaterThan(0);
    const final = await runChild(dataDir, 0, 'boot-final', () => false);
    expect(final.events.at(-1)?.event).toBe('idle');
    expect(firstProgressDone(final)).toBeGreaterThanOrEqual(14_000);
    await expectConsistentCache();
  }, 180_000);

  it('during pulls of a busy feed with merges and erasures, repeatedly', async () => {
    await under.admin.touch(15_000);
    await under.admin.merge(under.crm.demoMember(30).profileId, under.crm.demoMember(31).profileId);
    await under.admin.erase(under.crm.demoMember(40).profileId);
    await under.admin.touch(15_000);
    const delays = [60, 150, 250, 100];
    const runs: ChildRun[] = [];
    for (const [i, delay] of delays.entries()) runs.push(await runChild(dataDir, 0, `pull${i}`, { msAfterFirstCycle: delay }));
    // Killed before the feed was drained (otherwise the child would have gone idle and exited by itself).
    expect(runs.map((run) => run.killed)).toEqual([true, true, true, true]);
    const final = await runChild(dataDir, 0, 'pull-final', () => false);
    expect(final.events.at(-1)?.event).toBe('idle');
    await expectConsistentCache();
  }, 180_000);

  it('during pushes, repeatedly: every receipt reaches the CRM exactly once', async () => {
    const queued: string[] = [];
    const killAfterBatches = [1, 3, 2, 4];
    for (const [i, batches] of killAfterBatches.entries()) {
      const run = await runChild(dataDir, 60, `push${i}`, (e, events) => {
        if (!events.some((x) => x.event === 'queued')) return false;
        return e.event === 'status' && events.filter((x) => x.event === 'status').length >= batches;
      });
      queued.push(...run.queued);
    }
    const final = await runChild(dataDir, 0, 'push-final', () => false);
    expect(final.events.at(-1)?.event).toBe('idle');
    expect(queued).toHaveLength(240);

    const held = await under.admin.receipts();
    const counts = new Map<string, number>();
    for (const receipt of held) counts.set(receipt.receiptId, (counts.get(receipt.receiptId) ?? 0) + 1);
    expect(queued.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(held).toHaveLength(queued.length);
    await expectConsistentCache();
  }, 180_000);
});
