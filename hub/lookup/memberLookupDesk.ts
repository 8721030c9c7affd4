import type { Logger } from 'pino';
import { isProfileRow, profileFromRow } from '../../sync/protocol';
import type { ClearIdentifier, ProfileRow, WireProfile } from '../../sync/protocol';
import { writeTransaction } from '../db/sql';
import type { HubDatabase } from '../db/sql';
import { z } from 'zod';
import { connectorAnswerSchema, ConnectorMemberSchema, parseConnectorAnswer } from '../connectors/connectorAnswerSchemas';
import type { ConnectorAnswer, ConnectorLookup, ConnectorMember, CrmConnector } from '../connectors/crmConnector';
import type { MemberMirror } from '../mirror/memberMirror';
import { renderProfileRow } from '../mirror/profileRow';

/** What a lookup came to: the member, nobody, several who share the identifier, or no answer now. */
export type MemberLookupOutcome =
  | { outcome: 'found'; profile: WireProfile; from: 'mirror' | 'connector' }
  | { outcome: 'not_found' }
  | { outcome: 'several' }
  | { outcome: 'unavailable'; retryAfterMs: number };

export interface MemberLookupDeskOptions {
  db: HubDatabase;
  mirror: MemberMirror;
  /** The CRM behind the hub; without one the mirror is the whole record. */
  connector: CrmConnector | undefined;
  logger: Logger;
  /**
   * How long the connector may take (default 1,000 ms). The till waits at most 1.5 s for the whole exchange and then
   * answers its own not-found, so a slower answer would only be wasted.
   */
  connectorTimeoutMs?: number;
  /** Retry-After when the connector gave none (default 5,000 ms). */
  defaultRetryAfterMs?: number;
}

/** `findByIdentifier`'s answer, checked at the boundary like every connector answer. */
const FindByIdentifierAnswerSchema = connectorAnswerSchema(
  z.union([z.object({ found: ConnectorMemberSchema }), z.object({ notFound: z.literal(true) }), z.object({ several: z.literal(true) })]),
) satisfies z.ZodType<ConnectorAnswer<ConnectorLookup>>;

type Timed<T> = { answered: T } | { timedOut: true };

async function within<T>(work: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([work.then((answered) => ({ answered })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A till missed in its cache while online and asks the hub (POST /sync/v1/lookup). The mirror answers first; on a
 * miss the connector is asked within a time budget, and a member it finds is written into the mirror, whose upsert
 * enters the change log, so every other till receives the member as an ordinary delta. The identifier's value is
 * never logged: logs carry its kind and the outcome.
 */
export class MemberLookupDesk {
  private readonly connectorTimeoutMs: number;
  private readonly defaultRetryAfterMs: number;

  constructor(private readonly options: MemberLookupDeskOptions) {
    this.connectorTimeoutMs = options.connectorTimeoutMs ?? 1000;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 5000;
  }

  async lookUp(identifier: ClearIdentifier, now: number): Promise<MemberLookupOutcome> {
    const { db, mirror, connector } = this.options;
    const held = await mirror.findByIdentifier(db, identifier.kind, identifier.value);
    const state = held === null ? null : await mirror.get(db, held);
    if (state !== null) return { outcome: 'found', profile: profileFromRow(JSON.parse(renderProfileRow(state)) as ProfileRow), from: 'mirror' };
    if (connector === undefined) return { outcome: 'not_found' };

    let timed: Timed<ConnectorAnswer<ConnectorLookup>>;
    try {
      timed = await within(connector.findByIdentifier(identifier.kind, identifier.value), this.connectorTimeoutMs);
    } catch (error) {
      this.log('connector failed', identifier, { err: error instanceof Error ? error.name : 'unknown' });
      return { outcome: 'unavailable', retryAfterMs: this.defaultRetryAfterMs };
    }
    if ('timedOut' in timed) {
      this.log('connector timed out', identifier, { ms: this.connectorTimeoutMs });
      return { outcome: 'unavailable', retryAfterMs: this.defaultRetryAfterMs };
    }
    const answer = parseConnectorAnswer(FindByIdentifierAnswerSchema, timed.answered);
    if (answer === null) {
      this.log('the connector answered something that is not an answer', identifier);
      return { outcome: 'unavailable', retryAfterMs: this.defaultRetryAfterMs };
    }
    switch (answer.status) {
      case 'retry_later':
        this.log('connector asked to retry later', identifier, { reason: answer.reason });
        return { outcome: 'unavailable', retryAfterMs: answer.retryAfterMs ?? this.defaultRetryAfterMs };
      case 'rejected':
        // The CRM will never answer this question (e.g. a kind it cannot search by): for the till, nobody.
        this.log('connector refused the lookup', identifier, { reason: answer.reason });
        return { outcome: 'not_found' };
      case 'accepted':
      case 'duplicate':
        break;
    }
    const lookup = answer.value;
    if ('several' in lookup) {
      this.log('several members share the identifier', identifier);
      return { outcome: 'several' };
    }
    if ('notFound' in lookup) return { outcome: 'not_found' };
    return this.remember(lookup.found, identifier, now);
  }

  /** Writes the connector's member into the mirror (and so the change log) and answers it as the mirror holds it. */
  private async remember(member: ConnectorMember, identifier: ClearIdentifier, now: number): Promise<MemberLookupOutcome> {
    const { db, mirror } = this.options;
    const { lastName: _lastName, ...state } = member;
    const row: unknown = JSON.parse(renderProfileRow(state));
    if (!isProfileRow(row)) {
      // A connector bug (an identifier not normalised, a name too long): the till would refuse it too.
      this.log('the connector member does not fit the protocol', identifier);
      return { outcome: 'unavailable', retryAfterMs: this.defaultRetryAfterMs };
    }
    if (!row[7].some(([kind, value]) => kind === identifier.kind && value === identifier.value)) {
      // The CRM's own index disagrees with the member it returns: do not hand a till someone who does not hold it.
      this.log('the connector member does not hold the identifier', identifier);
      return { outcome: 'not_found' };
    }
    const written = await writeTransaction(db, async (tx) => {
      const known = await mirror.resolve(tx, member.profileId);
      // The mirror learnt of an erasure or a merge that the CRM's search has not caught up with: those win.
      if ('erased' in known || ('profileId' in known && known.profileId !== member.profileId)) return false;
      await mirror.upsert(tx, member, now);
      return true;
    });
    if (!written) {
      this.log('the connector member is erased or merged away in the mirror', identifier);
      return { outcome: 'not_found' };
    }
    this.log('member found at the connector and mirrored', identifier, { profileId: member.profileId });
    return { outcome: 'found', profile: profileFromRow(row), from: 'connector' };
  }

  private log(message: string, identifier: ClearIdentifier, extra: Record<string, unknown> = {}): void {
    this.options.logger.info({ connector: this.options.connector?.name, kind: identifier.kind, ...extra }, `member lookup: ${message}`);
  }
}
