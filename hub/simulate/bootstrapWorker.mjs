// The simulated tills that bootstrap, in a worker thread (hub/simulate/offThreadBootstrap.ts starts it): a till is a
// machine of its own, and fetching and parsing pages of thousands of rows on the simulator's main thread would stall
// the clock of every poll it times. Plain JavaScript, copied beside the bundle as the till's workers are.
// workerData: { tills: [{ url, headers }], pageSize }. The worker lowers its thread's priority, posts 'ready', waits
// for { until } (epoch ms), then posts one result per till: { rows, complete, ms, error }.
/* global AbortSignal */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { URLSearchParams } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/** The lowest scheduling priority (nice 19). */
const LOWEST_PRIORITY = 19;

/**
 * The bootstrapping tills are other machines in a store; here they share the simulator's cores with the hub and its
 * database under test. At the lowest priority their parsing takes only the CPU the hub leaves, so the polls time the
 * hub rather than the simulated tills' own work. Linux only (a thread's id is /proc/thread-self); elsewhere the worker
 * keeps its priority and says so.
 */
function lowerThreadPriority() {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (!Number.isSafeInteger(threadId) || threadId <= 0) return false;
    setPriority(threadId, LOWEST_PRIORITY);
    return true;
  } catch {
    return false;
  }
}

/** The page's envelope as the till reads it; its rows are parsed (JSON.parse) and counted, as a till would load them. */
function envelope(page) {
  const ok = page !== null && typeof page === 'object' && Array.isArray(page.rows) && typeof page.cursor === 'string'
    && (page.nextPageToken === null || typeof page.nextPageToken === 'string');
  return ok ? page : null;
}

async function bootstrap({ url, headers }, until) {
  const started = performance.now();
  let after = null;
  let rows = 0;
  try {
    do {
      const query = new URLSearchParams({ limit: String(workerData.pageSize) });
      if (after !== null) query.set('after', after);
      let response;
      try {
        response = await fetch(`${url}?${query}`, { headers, signal: AbortSignal.timeout(30_000) });
      } catch {
        return { rows, complete: false, ms: performance.now() - started, error: { kind: 'bootstrap', status: null } };
      }
      const text = await response.text();
      if (!response.ok) return { rows, complete: false, ms: performance.now() - started, error: { kind: 'bootstrap', status: response.status } };
      let page = null;
      try {
        page = envelope(JSON.parse(text));
      } catch {
        page = null;
      }
      if (page === null) return { rows, complete: false, ms: performance.now() - started, error: { kind: 'bootstrap: an answer outside the protocol', status: response.status } };
      rows += page.rows.length;
      after = page.nextPageToken;
    } while (after !== null && Date.now() < until);
    return { rows, complete: after === null, ms: performance.now() - started, error: null };
  } catch {
    return { rows, complete: false, ms: performance.now() - started, error: { kind: 'bootstrap', status: null } };
  }
}

parentPort.once('message', (message) => {
  const until = typeof message?.until === 'number' ? message.until : Date.now();
  void Promise.all(workerData.tills.map((till) => bootstrap(till, until))).then((results) => parentPort.postMessage({ results }));
});
parentPort.postMessage({ ready: true, lowPriority: lowerThreadPriority() });
