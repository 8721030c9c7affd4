import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConnectorAnswer, ConnectorChanges, ConnectorMember, CrmConnector } from '../connectors/crmConnector';
import { ChangesAnswerSchema, LookupAnswerSchema } from '../connectors/connectorAnswerSchemas';
import { writeTransaction } from '../db/sql';
import type { HubDatabase } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import { isDatabaseOutage } from '../http/databaseOutage';
import { callConnector } from '../delivery/callConnector';
import { redactReason } from '../delivery/redactReason';
import { retryDelayMs } from '../delivery/retrySchedule';
import { ChangedMembers } from './changedMembers';
import { ChangeFeedLease } from './changeFeedLease';

export interface CrmChangePollOptions {
  /** Seconds between rounds, as ms (default 30 s; `tillid hub --crm-changes-every`). */
  intervalMs: number;
  /** Members looked up and applied per round at most (default 200: 4 s of Voyado's 50 requests/s). */
  lookupsPerRound: number;
  /** A connector call taking longer is abandoned (default 10 s). */
  callTimeoutMs: number;
  /** A member whose lookup keeps failing is dropped from the backlog after this many tries (default 10). */
  maxLookupAttempts: number;
}

export const DEFAULT_CHANGE_POLL_OPTIONS: CrmChangePollOptions = { intervalMs: 30_000, lookupsPerRound: 200, callTimeoutMs: 10_000, maxLookupAttempts: 10 };

export interface CrmChangePollDeps {
  db: HubDatabase;
  mirror: MemberMirror;
  connector: CrmConnector;
  logger: Logger;
  now: () => number;
}

/** What one round did (null: another hub process holds the lease). */
export interface ChangeRound {
  polled: boolean;
  upserted: number;
  erased: number;
  backlog: number;
}

const RETRY = { baseMs: 5_000, maxMs: 600_000, maxAttempts: 10 };

/**
 * Keeps the mirror in step with the CRM's change notifications, in one hub process at a time (a lease row in
 * crm_change_feed, taken over when its holder stops renewing it). Each round: ask `changesSince(position)` unless the
 * backlog is already a round's worth, and store the ids with the new position in one transaction (a crash repeats
 * the round, never skips changes); then look up at most `lookupsPerRound` of them and upsert each into the mirror
 * (which feeds the tills' change log), or erase it when the CRM erased it or no longer has it.
 */
export class CrmChangePoller {
  private readonly options: CrmChangePollOptions;
  private readonly lease: ChangeFeedLease;
  private readonly backlog = new ChangedMembers();
  private stopped = true;
  /** Set by stop(): a round in progress ends after the lookup at hand. */
  private stopping = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: CrmChangePollDeps, options: Partial<CrmChangePollOptions> = {}) {
    this.options = { ...DEFAULT_CHANGE_POLL_OPTIONS, ...options };
    this.lease = new ChangeFeedLease(randomUUID());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** One round, when this process holds (or takes) the lease. */
  async round(): Promise<ChangeRound | null> {
    const { db, connector, now } = this.deps;
    const leaseMs = this.options.intervalMs * 3 + this.options.callTimeoutMs * 2;
    const held = await this.lease.take(db, now(), leaseMs);
    if (held === null) return null;
    const result: ChangeRound = { polled: false, upserted: 0, erased: 0, backlog: 0 };
    if ((await this.backlog.count(db)) < this.options.lookupsPerRound) {
      const position = held.connector === connector.name ? held.position : null;
      const answer: ConnectorAnswer<ConnectorChanges> = await callConnector(ChangesAnswerSchema, () => connector.changesSince(position), this.options.callTimeoutMs);
      if (answer.status === 'accepted' || answer.status === 'duplicate') {
        const stored = await db.transaction(async (tx) => {
          if (!(await this.lease.renew(tx, now(), leaseMs))) return false;
          await this.backlog.add(tx, answer.value.changed, answer.value.erased, now());
          await this.lease.savePosition(tx, connector.name, answer.value.position, now());
          return true;
        });
        if (!stored) return null;
        result.polled = true;
      } else {
        this.deps.logger.warn({ connector: connector.name, status: answer.status, reason: redactReason(answer.reason) }, 'CRM change notifications not read this round');
      }
    }
    for (const due of await this.backlog.due(db, now(), this.options.lookupsPerRound)) {
      if (this.stopping || !(await this.lease.renew(db, now(), leaseMs))) break;
      const outcome = await this.apply(due);
      if (outcome === 'upserted') result.upserted++;
      if (outcome === 'erased') result.erased++;
      if (outcome === 'throttled') break;
    }
    result.backlog = await this.backlog.count(db);
    return result;
  }

  private async apply(due: { profileId: string; erased: boolean; attempts: number }): Promise<'upserted' | 'erased' | 'dropped' | 'throttled'> {
    const { db, mirror, connector, now, logger } = this.deps;
    if (due.erased) {
      await writeTransaction(db, async (tx) => {
        await mirror.erase(tx, due.profileId, now());
        await this.backlog.remove(tx, due.profileId);
      });
      return 'erased';
    }
    const answer = await callConnector(LookupAnswerSchema, () => connector.lookup(due.profileId), this.options.callTimeoutMs);
    switch (answer.status) {
      case 'accepted':
      case 'duplicate': {
        const member: ConnectorMember | null = answer.value;
        await writeTransaction(db, async (tx) => {
          // The CRM no longer has the member it reported changed: gone from the mirror too.
          if (member === null) await mirror.erase(tx, due.profileId, now());
          else await mirror.upsert(tx, member, now());
          await this.backlog.remove(tx, due.profileId);
        });
        return member === null ? 'erased' : 'upserted';
      }
      case 'rejected':
        await this.backlog.remove(db, due.profileId);
        logger.warn({ connector: connector.name, reason: redactReason(answer.reason) }, 'CRM refused to look up a changed member; skipped');
        return 'dropped';
      case 'retry_later': {
        const attempts = due.attempts + 1;
        if (attempts >= this.options.maxLookupAttempts) {
          await this.backlog.remove(db, due.profileId);
          logger.warn({ connector: connector.name, attempts, reason: redactReason(answer.reason) }, 'a changed member could not be looked up; skipped');
          return 'dropped';
        }
        await this.backlog.postpone(db, due.profileId, attempts, now() + retryDelayMs(attempts, answer.retryAfterMs, RETRY));
        return 'throttled';
      }
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const round = await this.round();
        if (round && (round.upserted > 0 || round.erased > 0)) {
          this.deps.logger.info({ connector: this.deps.connector.name, ...round }, 'CRM changes applied to the mirror');
        }
      } catch (error) {
        this.deps.logger.error({ err: error instanceof Error ? error.name : 'unknown', outage: isDatabaseOutage(error) }, 'CRM change round failed');
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, this.options.intervalMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }
}
