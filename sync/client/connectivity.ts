import type { SyncErrorInfo, SyncFailureKind } from './syncFailure';
import { meansUnreachable } from './syncFailure';

/**
 * The till's view of the CRM: `unknown` until the first exchange, `online` while exchanges get valid answers,
 * `offline` after one could not reach the CRM or got no usable answer. A pure reducer, so it is tested as a table.
 */
export type ConnectivityState = 'unknown' | 'online' | 'offline';

export interface Connectivity {
  state: ConnectivityState;
  /** Failed cycles in a row (any kind): drives the backoff. */
  consecutiveFailures: number;
  /** Epoch ms when `state` last changed. */
  since: number | null;
  lastError: SyncErrorInfo | null;
}

export type ConnectivityEvent =
  | { type: 'succeeded'; at: number }
  | { type: 'failed'; at: number; kind: SyncFailureKind; message: string };

export const initialConnectivity: Connectivity = { state: 'unknown', consecutiveFailures: 0, since: null, lastError: null };

export function nextConnectivity(current: Connectivity, event: ConnectivityEvent): Connectivity {
  if (event.type === 'succeeded') {
    return {
      state: 'online',
      consecutiveFailures: 0,
      since: current.state === 'online' ? current.since : event.at,
      lastError: null,
    };
  }
  const lastError = { kind: event.kind, message: event.message, at: event.at };
  // A refusal (401, 4xx, 410) is still an answer: the CRM is reachable. Local failures say nothing about the network.
  const state: ConnectivityState = meansUnreachable(event.kind)
    ? 'offline'
    : event.kind === 'local_error' || event.kind === 'not_enrolled'
      ? current.state
      : 'online';
  return {
    state,
    consecutiveFailures: current.consecutiveFailures + 1,
    since: state === current.state ? current.since : event.at,
    lastError,
  };
}
