import type { TillEvent } from '../api/contract/events';
import { readTillEvents } from '../api/contract/readTillEvents';
import type { SubscribeToTillEvents } from '../compose/nextScanOutcome';

export interface TillEventStream {
  subscribe: SubscribeToTillEvents;
  close(): void;
}

/**
 * A running till's events (GET /api/v1/events), parsed with the contract's schema, or null when it does not answer.
 * Once this resolves the till has subscribed the stream: an event published after it reaches the listeners.
 */
export async function openTillEventStream(baseUrl: string, token: string): Promise<TillEventStream | null> {
  const controller = new AbortController();
  let body: ReadableStream<Uint8Array>;
  try {
    const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    if (!response.ok || response.body === null) {
      controller.abort();
      return null;
    }
    body = response.body;
  } catch {
    return null;
  }
  const listeners = new Set<(event: TillEvent) => void>();
  readTillEvents(body, (event) => {
    for (const listener of listeners) listener(event);
  }).catch(() => {
    // Closed by close(), or the till went away: no more events, which the waiting side sees as no answer.
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => controller.abort(),
  };
}
