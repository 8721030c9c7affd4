// The simulated tills that bootstrap, in a worker thread (hub/simulate/offThreadBootstrap.ts starts it): a till is a
// machine of its own, and fetching and parsing pages of thousands of rows on the simulator's main thread would stall
// the clock of every poll it times. Plain JavaScript, copied beside the bundle as the till's workers are.
// workerData: { tills: [{ url, headers }], pageSize, until }; posts one result per till: { rows, complete, ms, error }.
/* global AbortSignal */
import { URLSearchParams } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/** The page's envelope as the till reads it; its rows are parsed (JSON.parse) and counted, as a till would load them. */
function envelope(page) {
  const ok = page !== null && typeof page === 'object' && Array.isArray(page.rows) && typeof page.cursor === 'string'
    && (page.nextPageToken === null || typeof page.nextPageToken === 'string');
  return ok ? page : null;
}

async function bootstrap({ url, headers }) {
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
    } while (after !== null && Date.now() < workerData.until);
    return { rows, complete: after === null, ms: performance.now() - started, error: null };
  } catch {
    return { rows, complete: false, ms: performance.now() - started, error: { kind: 'bootstrap', status: null } };
  }
}

parentPort.postMessage(await Promise.all(workerData.tills.map(bootstrap)));
