import { HeartbeatAnswerSchema } from '../protocol/heartbeat';
import type { Heartbeat, HeartbeatDevice } from '../protocol/heartbeat';
import { SYNC_PATHS } from '../protocol/version';
import type { SyncContext } from './syncContext';
import { SyncFailure } from './syncFailure';
import { readSyncRecord } from './syncRecord';

/** What the till adds to its heartbeat beyond the sync state: its version and its scanners. */
export interface HeartbeatSource {
  version: string;
  devices: () => HeartbeatDevice[];
}

export type HeartbeatOutcome = 'sent' | 'not_supported' | 'failed';

/** The heartbeat as the cache and the till see it right now. */
export function currentHeartbeat(ctx: Pick<SyncContext, 'repos' | 'now'>, source: HeartbeatSource): Heartbeat {
  const record = readSyncRecord(ctx.repos.syncState);
  const counts = ctx.repos.outbox.counts();
  return {
    version: source.version,
    sentAt: ctx.now(),
    lastPullAt: record.lastPullAt,
    lastPushAt: record.lastPushAt,
    outboxBacklog: { count: counts.pending, oldestAt: counts.oldestPendingAt },
    deadLetters: counts.dead,
    devices: source.devices().slice(0, 32),
  };
}

/**
 * Sends one heartbeat. Never retried and never fatal: it is advisory, and the next cycle sends a fresh one. A CRM
 * side that answers 404 predates heartbeats (the old emulated CRM, another implementation): that is not a failure.
 */
export async function sendHeartbeat(ctx: SyncContext, source: HeartbeatSource): Promise<HeartbeatOutcome> {
  try {
    await ctx.http.request({
      method: 'POST', path: SYNC_PATHS.heartbeat, body: currentHeartbeat(ctx, source), schema: HeartbeatAnswerSchema, idempotent: false, signal: ctx.signal,
    });
    return 'sent';
  } catch (error) {
    if (error instanceof SyncFailure && error.status === 404) return 'not_supported';
    ctx.logger.debug({ err: error instanceof SyncFailure ? error.kind : 'unknown' }, 'sync: heartbeat not delivered');
    return 'failed';
  }
}
