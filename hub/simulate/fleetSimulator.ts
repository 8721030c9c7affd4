import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HeldReceiptSchema } from '../routes/adminProfileSchemas';
import { Latencies } from './latencies';
import { startLowPriorityBootstrap } from './lowPriorityBootstrap';
import type { LowPriorityBootstrap } from './lowPriorityBootstrap';
import { SimulatedRequestError, SimulatedTill, simulatedReceipt } from './simulatedTill';
import type { SimulateOptions } from './simulateOptions';
import type { UploadResult } from '../../sync/protocol';

/** What `tillid hub simulate` prints (JSON). */
export interface SimulationReport {
  hub: string;
  tills: number;
  seconds: number;
  receiptsPerSecond: number;
  bootstrappers: number;
  setupMs: number;
  changeFeed: { polls: number; changes: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null };
  /**
   * `retried`: uploads sent again, with the same idempotency key, after a failed attempt (no answer, or a 5xx), as a
   * till's outbox does; `accepted` counts a receipt whose retry came back `duplicate` (an earlier attempt applied it).
   * p50/p99 are of the whole send, retries included.
   */
  receipts: { sent: number; accepted: number; retried: number; resentAsDuplicates: number; p50Ms: number | null; p99Ms: number | null };
  /**
   * `rowsPerTillPerSecond`: rows over the time the bootstrappers spent, each at its own pace. `lowPriority`: their
   * process ran at the lowest scheduling priority (nice 19), using only the CPU the hub left.
   */
  bootstrap: { completed: number; rows: number; rowsPerTillPerSecond: number | null; lowPriority: boolean };
  /** Requests that failed for good (an upload after its last attempt), by kind. */
  errors: { total: number; byKind: Record<string, number> };
  /** This process's own CPU over the run (its tills share the machine's cores with the hub): ms, and ms per wall ms. */
  simulatorCpu: { ms: number; shareOfOneCore: number };
  /** From the admin API after the run: every receipt sent is in the ledger exactly once. */
  ledger: { verdict: 'exactly_once' | 'missing' | 'doubled' | 'unverifiable'; found: number; missing: number; doubled: number };
}

/** Every tenth receipt is sent again under its own key, as a till retries after a lost answer: it must count once. */
const RESEND_EVERY = 10;
/** A failed upload is sent again with the same key, as the till's outbox does: at most this many attempts in all, */
const UPLOAD_ATTEMPTS = 6;
/** the first retry after this long, each later one after twice the wait before it. */
const RETRY_FIRST_WAIT_MS = 250;
const ReceiptsListSchema = z.object({ receipts: z.array(HeldReceiptSchema) });
const RECEIPTS_LIST_LIMIT = 1_000_000;

/** No answer, or the hub's 5xx: the outbox sends such an item again. A 4xx would fail again the same way. */
function isRetryable(error: unknown): boolean {
  return error instanceof SimulatedRequestError && (error.status === null || error.status >= 500);
}

class ErrorTally {
  readonly byKind: Record<string, number> = {};
  total = 0;

  add(error: unknown): void {
    const kind = error instanceof SimulatedRequestError ? error.message : 'unexpected';
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    this.total++;
  }
}

async function enrolFleet(options: SimulateOptions, errors: ErrorTally): Promise<SimulatedTill[]> {
  const tills: SimulatedTill[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.tills) {
      const n = next++;
      try {
        tills.push(await SimulatedTill.enrol(options.hub, options.adminToken, `sim-till-${n}`));
      } catch (error) {
        errors.add(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.enrolConcurrency, options.tills) }, worker));
  return tills;
}

/** Waits until `at` (epoch ms) or the end of the run, whichever is first; answers whether the run is still on. */
async function until(at: number, end: number): Promise<boolean> {
  const wait = Math.min(at, end) - Date.now();
  if (wait > 0) await sleep(wait);
  return Date.now() < end;
}

/**
 * Runs a simulated fleet against a hub on this machine for `seconds`: each till polls the change feed every
 * `pollIntervalMs` (the fleet's polls spread evenly), receipts go up at `receiptsPerSecond` in all (round-robin over
 * the tills), and `bootstrappers` tills fetch the whole member list meanwhile. Then the admin API is asked for the
 * receipts the hub holds, and each one sent must be there exactly once.
 */
export async function simulateFleet(options: SimulateOptions): Promise<SimulationReport> {
  const errors = new ErrorTally();
  const setupStart = performance.now();
  const tills = await enrolFleet(options, errors);
  const setupMs = Math.round(performance.now() - setupStart);
  const runId = randomBytes(4).toString('hex');
  const polls = new Latencies();
  const uploads = new Latencies();
  let changes = 0;
  const sent: string[] = [];
  let accepted = 0;
  let retried = 0;
  let resent = 0;
  let bootstrapRows = 0;
  let bootstrapsDone = 0;
  let bootstrapMs = 0;

  const bootstrappers = tills.slice(0, options.bootstrappers);
  const pollers = tills.slice(options.bootstrappers);
  // Loaded and waiting before the clock starts: a thread's start-up is the simulator's work, not the hub's.
  const lowPriority: LowPriorityBootstrap | null = await startLowPriorityBootstrap(bootstrappers.map((till) => till.bootstrapRequest()), options.bootstrapPageSize)
    .catch((error: unknown) => {
      errors.add(error);
      return null;
    });
  // A polling till bootstrapped long ago: it starts at the feed's head (one cursor, read once), not with a bootstrap.
  const head = await pollers[0]?.headCursor().catch((error: unknown) => {
    errors.add(error);
    return null;
  });
  if (head) for (const till of pollers) till.startAt(head);
  const cpuAtStart = process.cpuUsage();
  const wallAtStart = performance.now();
  const start = Date.now();
  const end = start + options.seconds * 1000;
  const tasks: Array<Promise<void>> = [];
  // In a process of their own at nice 19: their pages' parsing must not stall the clock this thread times the polls with.
  if (lowPriority) tasks.push((async () => {
    try {
      for (const result of await lowPriority.run(end)) {
        bootstrapRows += result.rows;
        bootstrapMs += result.ms;
        if (result.complete) bootstrapsDone++;
        if (result.error) errors.add(new SimulatedRequestError(result.error.kind, result.error.status));
      }
    } catch (error) {
      errors.add(error);
    }
  })());
  pollers.forEach((till, i) => {
    tasks.push((async () => {
      let at = start + (i / pollers.length) * options.pollIntervalMs;
      while (await until(at, end)) {
        const t0 = performance.now();
        try {
          changes += await till.pollChanges();
          polls.add(performance.now() - t0);
        } catch (error) {
          errors.add(error);
        }
        at += options.pollIntervalMs;
      }
    })());
  });
  if (options.receiptsPerSecond > 0 && tills.length > 0) {
    tasks.push((async () => {
      const gap = 1000 / options.receiptsPerSecond;
      const inFlight: Array<Promise<void>> = [];
      for (let n = 0; await until(start + n * gap, end); n++) {
        const till = tills[n % tills.length] as SimulatedTill;
        const item = simulatedReceipt(runId, n, till.tillName);
        sent.push(item.payload.receiptId);
        inFlight.push((async () => {
          const t0 = performance.now();
          let result: UploadResult | undefined;
          for (let attempt = 1; result === undefined; attempt++) {
            try {
              [result] = await till.upload([item]);
            } catch (error) {
              if (attempt >= UPLOAD_ATTEMPTS || !isRetryable(error)) {
                errors.add(error);
                return;
              }
              retried++;
              await sleep(RETRY_FIRST_WAIT_MS * 2 ** (attempt - 1));
            }
          }
          uploads.add(performance.now() - t0);
          if (result.status === 'accepted' || result.status === 'duplicate') accepted++;
          else errors.add(new SimulatedRequestError(`upload: ${result.status}`, 200));
          if (n % RESEND_EVERY === 0) {
            try {
              const [again] = await till.upload([item]);
              resent++;
              if (again?.status !== 'duplicate') errors.add(new SimulatedRequestError(`upload resent: ${again?.status ?? 'no result'}`, 200));
            } catch (error) {
              errors.add(error);
            }
          }
        })());
      }
      await Promise.all(inFlight);
    })());
  }
  await Promise.all(tasks);
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - wallAtStart;

  const pollSummary = polls.summary();
  const uploadSummary = uploads.summary();
  return {
    hub: options.hub, tills: tills.length, seconds: options.seconds, receiptsPerSecond: options.receiptsPerSecond, bootstrappers: bootstrappers.length, setupMs,
    changeFeed: { polls: pollSummary.count, changes, p50Ms: pollSummary.p50, p99Ms: pollSummary.p99, maxMs: pollSummary.max },
    receipts: { sent: sent.length, accepted, retried, resentAsDuplicates: resent, p50Ms: uploadSummary.p50, p99Ms: uploadSummary.p99 },
    bootstrap: { completed: bootstrapsDone, rows: bootstrapRows, rowsPerTillPerSecond: bootstrapMs > 0 ? Math.round(bootstrapRows / (bootstrapMs / 1000)) : null, lowPriority: lowPriority?.lowPriority ?? false },
    errors: { total: errors.total, byKind: errors.byKind },
    simulatorCpu: { ms: Math.round(cpuMs), shareOfOneCore: Math.round((cpuMs / wallMs) * 100) / 100 },
    ledger: await verifyLedger(options, runId, sent),
  };
}

/** Counts this run's receipts in the hub's ledger through the admin API. */
async function verifyLedger(options: SimulateOptions, runId: string, sent: readonly string[]): Promise<SimulationReport['ledger']> {
  const response = await fetch(`${options.hub}/admin/receipts?limit=${RECEIPTS_LIST_LIMIT}`, { headers: { authorization: `Bearer ${options.adminToken}` } }).catch(() => null);
  if (response === null || !response.ok) return { verdict: 'unverifiable', found: 0, missing: sent.length, doubled: 0 };
  const { receipts } = ReceiptsListSchema.parse(await response.json());
  const held = new Map<string, number>();
  for (const r of receipts) if (r.receiptId.startsWith(`sim-${runId}-`)) held.set(r.receiptId, (held.get(r.receiptId) ?? 0) + 1);
  const missing = sent.filter((id) => !held.has(id)).length;
  const doubled = [...held.values()].filter((n) => n > 1).length;
  // A full page may have cut off this run's receipts (the list is oldest first): then nothing can be concluded.
  const verdict = missing > 0 && receipts.length >= RECEIPTS_LIST_LIMIT ? 'unverifiable' : missing > 0 ? 'missing' : doubled > 0 ? 'doubled' : 'exactly_once';
  return { verdict, found: held.size, missing, doubled };
}
