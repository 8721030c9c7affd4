import { describe, expect, it } from 'vitest';
import type { Connectivity, ConnectivityEvent } from '../../../sync/client/connectivity';
import { initialConnectivity, nextConnectivity } from '../../../sync/client/connectivity';
import type { SyncFailureKind } from '../../../sync/client/syncFailure';

const online: Connectivity = { state: 'online', consecutiveFailures: 0, since: 10, lastError: null };
const offline: Connectivity = { state: 'offline', consecutiveFailures: 3, since: 20, lastError: { kind: 'timeout', message: 'x', at: 20 } };
const failed = (kind: SyncFailureKind): ConnectivityEvent => ({ type: 'failed', at: 100, kind, message: kind });

describe('nextConnectivity', () => {
  it.each<[string, Connectivity, ConnectivityEvent, Partial<Connectivity>]>([
    ['first success goes online', initialConnectivity, { type: 'succeeded', at: 100 }, { state: 'online', consecutiveFailures: 0, since: 100, lastError: null }],
    ['success while online keeps the since', online, { type: 'succeeded', at: 100 }, { state: 'online', since: 10 }],
    ['success after failures clears them', offline, { type: 'succeeded', at: 100 }, { state: 'online', consecutiveFailures: 0, since: 100, lastError: null }],
    ['unreachable goes offline', online, failed('unreachable'), { state: 'offline', consecutiveFailures: 1, since: 100 }],
    ['timeout goes offline', online, failed('timeout'), { state: 'offline' }],
    ['5xx goes offline', online, failed('server_error'), { state: 'offline' }],
    ['a malformed answer goes offline', online, failed('malformed_response'), { state: 'offline' }],
    ['another failure while offline counts up', offline, failed('unreachable'), { state: 'offline', consecutiveFailures: 4, since: 20 }],
    ['401 is an answer: reachable', offline, failed('unauthorized'), { state: 'online', since: 100 }],
    ['a local failure keeps the state', online, failed('local_error'), { state: 'online', consecutiveFailures: 1 }],
    ['not enrolled keeps unknown', initialConnectivity, failed('not_enrolled'), { state: 'unknown', consecutiveFailures: 1, since: null }],
  ])('%s', (_name, current, event, expected) => {
    expect(nextConnectivity(current, event)).toMatchObject(expected);
  });

  it('records the last error with its time', () => {
    expect(nextConnectivity(online, failed('timeout')).lastError).toEqual({ kind: 'timeout', message: 'timeout', at: 100 });
  });
});
