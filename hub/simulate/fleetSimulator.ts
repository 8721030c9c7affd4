import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { HeldReceiptSchema } from '../routes/adminProfileSchemas';
import { Latencies } from './latencies';
import { SimulatedRequestError, SimulatedTill, simulatedReceipt } from './simulatedTill';
import type { SimulateOptions } from './simulateOptions';

/** What `tillid hub simulate` prints (JSON). */
export interface SimulationReport {
  hub: string;
  tills: number;
  seconds: number;
  receiptsPerSecond: number;
  bootstrappers: number;
  setupMs: number;
  changeFeed: { polls: number; changes: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null };
  receipts: { sent: number; accepted: number; resentAsDuplicates: number; p50Ms: number | null; p99Ms: number | null };
  /** `rowsPerTillPerSecond`: rows over the time the bootstrappers spent, each at its own pace. */
  bootstrap: { completed: number; rows: number; rowsPerTillPerSecond: number | null };
  errors: { total: number; byKind: Record<string, number> };
  /** From the admin API after the run: every receipt sent is in the ledger exactly once. */
  ledger: { verdict: 'exactly_once' | 'missing' | 'doubled' | 'unverifiable'; found: number; missing: number; doubled: number };
}

/** Every tenth receipt is sent again under its own key, as a till retries after a lost answer: it must count once. */
const RESEND_EVERY = 10;
const ReceiptsListSchema = z.object({ receipts: z.array(HeldReceiptSchema) });
const RECEIPTS_LIST_LIMIT = 1_000_000;

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
  let resent = 0;
  let bootstrapRows = 0;
  let bootstrapsDone = 0;
  let bootstrapMs = 0;
  const start = Date.now();
  const end = start + options.seconds * 1000;
  const tasks: Array<Promise<void>> = [];

  const bootstrappers = tills.slice(0, options.bootstrappers);
  const pollers = tills.slice(options.bootstrappers);
  for (const till of bootstrappers) {
    tasks.push((async () => {
      const t0 = performance.now();
      try {
        const { rows, complete } = await till.bootstrap(options.bootstrapPageSize, end);
        bootstrapRows += rows;
        if (complete) bootstrapsDone++;
      } catch (error) {
        errors.add(error);
      }
      bootstrapMs += performance.now() - t0;
    })());
  }
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
          try {
            const [result] = await till.upload([item]);
            uploads.add(performance.now() - t0);
            if (result?.status === 'accepted') accepted++;
            else errors.add(new SimulatedRequestError(`upload: ${result?.status ?? 'no result'}`, 200));
            if (n % RESEND_EVERY === 0) {
              const [again] = await till.upload([item]);
              resent++;
              if (again?.status !== 'duplicate') errors.add(new SimulatedRequestError(`upload resent: ${again?.status ?? 'no result'}`, 200));
            }
          } catch (error) {
            errors.add(error);
          }
        })());
      }
      await Promise.all(inFlight);
    })());
  }
  await Promise.all(tasks);

  const pollSummary = polls.summary();
  const uploadSummary = uploads.summary();
  return {
    hub: options.hub, tills: tills.length, seconds: options.seconds, receiptsPerSecond: options.receiptsPerSecond, bootstrappers: bootstrappers.length, setupMs,
    changeFeed: { polls: pollSummary.count, changes, p50Ms: pollSummary.p50, p99Ms: pollSummary.p99, maxMs: pollSummary.max },
    receipts: { sent: sent.length, accepted, resentAsDuplicates: resent, p50Ms: uploadSummary.p50, p99Ms: uploadSummary.p99 },
    bootstrap: { completed: bootstrapsDone, rows: bootstrapRows, rowsPerTillPerSecond: bootstrapMs > 0 ? Math.round(bootstrapRows / (bootstrapMs / 1000)) : null },
    errors: { total: errors.total, byKind: errors.byKind },
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
