import { once } from 'node:events';

/** Resolves on the first SIGINT or SIGTERM (Ctrl+C, a supervisor's stop), so a long-running command can close cleanly. */
export async function untilStopSignal(): Promise<void> {
  // The signal that did not come stops being listened for (the process's default handling of it comes back).
  const done = new AbortController();
  try {
    await Promise.race([once(process, 'SIGINT', { signal: done.signal }), once(process, 'SIGTERM', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}
