// The simulated tills that bootstrap, in a process of their own (hub/simulate/lowPriorityBootstrap.ts starts it under
// `nice -n 19`): a till is a machine of its own, and fetching and parsing pages of thousands of rows beside the
// simulator would stall the clock of every poll it times. Plain JavaScript, copied beside the bundle as the till's
// workers are.
// Messages (IPC): it posts { ready, lowPriority }; it is sent { tills: [{ url, headers }], pageSize, until } (until:
// epoch ms); it posts { results: [{ rows, complete, ms, error }] }, one per till, and waits to be ended (or for the
// simulator to go: then it exits by itself).
/* global AbortSignal */
import { getPriority } from 'node:os';
import { URLSearchParams } from 'node:url';

/** The lowest scheduling priority (nice 19). */
const LOWEST_PRIORITY = 19;

/** The page's envelope as the till reads it; its rows are parsed (JSON.parse) and counted, as a till would load them. */
function envelope(page) {
  const ok = page !== null && typeof page === 'object' && Array.isArray(page.rows) && typeof page.cursor === 'string'
    && (page.nextPageToken === null || typeof page.nextPageToken === 'string');
  return ok ? page : null;
}

async function bootstrap({ url, headers }, pageSize, until) {
  const started = performance.now();
  let after = null;
  let rows = 0;
  try {
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
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

if (typeof process.send !== 'function') {
  process.stderr.write('bootstrapProcess.mjs runs as a child of the fleet simulator (an IPC channel), not by hand\n');
  process.exit(2);
}
// The simulator's own process going away (killed, or ended) takes this one with it.
process.on('disconnect', () => process.exit(0));
process.once('message', (message) => {
  const tills = Array.isArray(message?.tills) ? message.tills : [];
  const pageSize = Number.isInteger(message?.pageSize) ? message.pageSize : 2_000;
  const until = typeof message?.until === 'number' ? message.until : Date.now();
  void Promise.all(tills.map((till) => bootstrap(till, pageSize, until))).then((results) => {
    // Then it waits: the simulator ends it once it has read them (an exit of its own could overtake the message).
    process.send({ results });
  });
});
process.send({ ready: true, lowPriority: getPriority() === LOWEST_PRIORITY });
