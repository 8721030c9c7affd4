import type { TillEvent } from '../main/api/contract/events';
import type { ApiClient, EventStreamPath } from './apiClient';
import type { ClientProblem } from './problemMessages';

export interface EventFeedHandlers {
  /** The stream is open (again): the screen should re-read what it may have missed. */
  connected(): void;
  disconnected(problem: ClientProblem | null): void;
  event(event: TillEvent): void;
}

const RETRY_MS = [500, 1000, 2000, 5000];

/**
 * Keeps the till's event stream open: reconnects after a drop with a short, growing pause, until stopped.
 * Answers a function that stops it.
 */
export function startEventFeed(
  client: ApiClient,
  handlers: EventFeedHandlers,
  wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  path: EventStreamPath = '/api/v1/events',
): () => void {
  const abort = new AbortController();
  void (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let opened = false;
      const result = await client.streamEvents(
        () => {
          opened = true;
          failures = 0;
          handlers.connected();
        },
        handlers.event,
        abort.signal,
        path,
      );
      if (abort.signal.aborted) break;
      handlers.disconnected(result.ok ? null : result.problem);
      if (!opened) failures += 1;
      // A refused token will not heal by itself: keep trying, but slowly.
      const pause = !result.ok && result.problem.type === 'unauthorized' ? 30_000 : RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 5000;
      await wait(pause);
    }
  })();
  return () => abort.abort();
}
