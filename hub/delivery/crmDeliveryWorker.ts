import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ClearIdentifierSchema, ConsentPayloadSchema, ReceiptPayloadSchema, SignupPayloadSchema } from '../../sync/protocol';
import type { ConnectorAnswer, ContactAdditions, CrmPush } from '../connectors/crmConnector';
import { CompleteContactAnswerSchema, ConsentAnswerSchema, ReceiptAnswerSchema, RedeemAnswerSchema, SignUpAnswerSchema } from '../connectors/connectorAnswerSchemas';
import { writeTransaction } from '../db/sql';
import type { HubDatabase } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import { isDatabaseOutage } from '../http/databaseOutage';
import { callConnector } from './callConnector';
import { consentToDeliver } from './consentToDeliver';
import type { ClaimedDelivery, CrmDeliveryQueue } from './crmDeliveryQueue';
import { redactReason } from './redactReason';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs } from './retrySchedule';
import type { RetrySchedule } from './retrySchedule';
import { mapSignupToCrm } from './signupMapping';
import { z } from 'zod';

export interface CrmDeliveryOptions {
  /** How often an idle worker looks for due rows (default 1 s). */
  intervalMs: number;
  /** A connector call taking longer is abandoned and retried (default 10 s). */
  callTimeoutMs: number;
  /** Deliveries in flight per hub process (default 4). */
  concurrency: number;
  retry: RetrySchedule;
  /** A receipt or redemption waiting for its member's sign-up is looked at again after this (default 5 s). */
  waitMs: number;
  /**
   * A receipt or consent whose till's sign-up has not reached the hub fails after waiting this long
   * (`signup_never_arrived`; default 24 h): the admin sees it, and requeues it once the sign-up has come.
   */
  signupWaitMs: number;
  /** Delivered rows are kept this long, then pruned (default 7 days). */
  keepDeliveredMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: CrmDeliveryOptions = {
  intervalMs: 1_000, callTimeoutMs: 10_000, concurrency: 4, retry: DEFAULT_RETRY_SCHEDULE, waitMs: 5_000, signupWaitMs: 86_400_000, keepDeliveredMs: 7 * 86_400_000,
};

export interface CrmDeliveryDeps {
  db: HubDatabase;
  mirror: MemberMirror;
  queue: CrmDeliveryQueue;
  push: CrmPush;
  logger: Logger;
  now: () => number;
  defaultStoreId: string;
}

/** What to do with a claimed row before (or instead of) calling the CRM. */
type Plan =
  | { call: () => Promise<ConnectorAnswer<unknown>>; onDelivered?: (answer: unknown) => Promise<boolean> }
  /** `unreceived`: it waits for a sign-up the hub has not received, which may never come (a bounded wait). */
  | { wait: string; unreceived?: true }
  | { fail: string }
  | { skip: string };

/** `at`: when the hub granted it (rows queued before it was recorded fall back to the row's creation time). */
const RedemptionPayloadSchema = z.object({ points: z.number().int().positive(), at: z.number().int().nonnegative().optional() });
const CrmConsentSchema = ConsentPayloadSchema.omit({ profileId: true });
const ContactAdditionsSchema = z.object({ firstName: z.string().max(100).nullable(), identifiers: z.array(ClearIdentifierSchema).max(4) }) satisfies z.ZodType<ContactAdditions>;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Delivers the outbound queue to the connector's push, in every hub process: `concurrency` loops, each claiming one
 * due row at a time (the queue's lease keeps other processes off it), calling the CRM with a timeout and recording
 * the outcome. accepted/duplicate: delivered. rejected: failed, with the CRM's reason. retry_later, a timeout, a
 * throw or garbage: tried again after a backoff (the CRM's retryAfterMs when it gave one), failed after the last
 * attempt. A receipt, redemption or consent of a member the hub made for a sign-up waits until that sign-up is
 * delivered, so the CRM hears of the member first and the receipt goes with the CRM's id. A consent also waits for
 * an earlier decision of its member and purpose still owed, and is not sent once a later one exists.
 */
export class CrmDeliveryWorker {
  private stopped = true;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];
  private lastPruneAt = 0;
  private readonly options: CrmDeliveryOptions;

  constructor(private readonly deps: CrmDeliveryDeps, options: Partial<CrmDeliveryOptions> = {}) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loops = Array.from({ length: this.options.concurrency }, (_, slot) => this.loop(slot));
  }

  /** Stops claiming; waits for the deliveries in flight (each bounded by the call timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wake.splice(0)) wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Claims and settles one due row; false when none was due. */
  async deliverOne(): Promise<boolean> {
    const { db, queue, now } = this.deps;
    const leaseUntil = now() + this.options.callTimeoutMs * 2 + 5_000;
    const claimed = await queue.claim(db, randomUUID(), leaseUntil, now());
    if (claimed === null) return false;
    const plan = await this.plan(claimed);
    const settled = 'wait' in plan && plan.unreceived === true ? this.boundedWait(claimed) : plan;
    if ('wait' in settled) {
      await queue.wait(db, claimed, settled.wait, now() + this.options.waitMs, 'unreceived' in settled ? now() : null);
      return true;
    }
    if ('fail' in settled) {
      await queue.failed(db, claimed, settled.fail, false, now());
      this.deps.logger.warn({ delivery: claimed.id, kind: claimed.kind, reason: settled.fail }, 'CRM delivery failed');
      return true;
    }
    if ('skip' in settled) {
      await queue.skipped(db, claimed, settled.skip, now());
      this.deps.logger.info({ delivery: claimed.id, kind: claimed.kind, reason: settled.skip }, 'CRM delivery not needed');
      return true;
    }
    const answer = await settled.call();
    await this.settle(claimed, answer, settled.onDelivered);
    return true;
  }

  /** Waiting for a sign-up the hub never received ends after `signupWaitMs` (a till may have lost it, or it was refused). */
  private boundedWait(claimed: ClaimedDelivery): Plan {
    const since = claimed.waitingSince ?? this.deps.now();
    if (this.deps.now() - since >= this.options.signupWaitMs) return { fail: 'signup_never_arrived' };
    return { wait: 'waiting_for_signup', unreceived: true };
  }

  private async settle(claimed: ClaimedDelivery, answer: ConnectorAnswer<unknown>, onDelivered?: (value: unknown) => Promise<boolean>): Promise<void> {
    const { db, queue, now, logger } = this.deps;
    const attempts = claimed.attempts + 1;
    switch (answer.status) {
      case 'accepted':
      case 'duplicate': {
        if (onDelivered) {
          // The mapping failed its own checks (a lease lost): nothing recorded; the row is claimed again later.
          if (!(await onDelivered(answer.value))) return;
        } else await queue.delivered(db, claimed, now());
        logger.info({ delivery: claimed.id, kind: claimed.kind, status: answer.status, attempts }, 'CRM delivery done');
        return;
      }
      case 'rejected': {
        const reason = `rejected: ${redactReason(answer.reason)}`;
        await queue.failed(db, claimed, reason, true, now());
        logger.warn({ delivery: claimed.id, kind: claimed.kind, reason, attempts }, 'CRM delivery failed');
        return;
      }
      case 'retry_later': {
        const reason = redactReason(answer.reason);
        if (attempts >= this.options.retry.maxAttempts) {
          const final = `gave up after ${attempts} attempts: ${reason}`;
          await queue.failed(db, claimed, final, true, now());
          logger.warn({ delivery: claimed.id, kind: claimed.kind, reason: final, attempts }, 'CRM delivery failed');
          return;
        }
        const delay = retryDelayMs(attempts, answer.retryAfterMs, this.options.retry);
        await queue.retry(db, claimed, reason, now() + delay, now());
        logger.info({ delivery: claimed.id, kind: claimed.kind, reason, attempts, retryInMs: delay }, 'CRM delivery to retry');
      }
    }
  }

  private async plan(claimed: ClaimedDelivery): Promise<Plan> {
    const { db, mirror, queue, push } = this.deps;
    const storeId = claimed.storeId ?? this.deps.defaultStoreId;
    const timeout = this.options.callTimeoutMs;
    switch (claimed.kind) {
      case 'signup': {
        const signup = SignupPayloadSchema.safeParse(JSON.parse(claimed.payload ?? 'null'));
        if (!signup.success || claimed.profileRef === null) return { fail: 'invalid_payload' };
        const hubProfileId = claimed.profileRef;
        // Erased at the hub before it reached the CRM: the person is gone, so is the sign-up.
        if ('erased' in (await mirror.resolve(db, hubProfileId))) return { fail: 'member_erased' };
        return {
          call: () => callConnector(SignUpAnswerSchema, () => push.signUp(signup.data, storeId), timeout),
          onDelivered: (value) => writeTransaction(db, async (tx) => {
            if (!(await queue.stillHeld(tx, claimed))) return false;
            await mapSignupToCrm(tx, mirror, hubProfileId, (value as { profileId: string }).profileId, this.deps.now());
            await queue.delivered(tx, claimed, this.deps.now());
            return true;
          }),
        };
      }
      case 'receipt': {
        const [row] = await db.query<{ payload: string; profile_id: string | null; pending_ref: string | null }>(
          'SELECT payload, profile_id, pending_ref FROM receipts WHERE receipt_id = $1',
          [claimed.itemKey],
        );
        if (row === undefined) return { fail: 'receipt_missing' };
        if (row.pending_ref !== null) return { wait: 'waiting_for_signup', unreceived: true };
        const gate = row.profile_id === null ? null : await this.signupGate(row.profile_id);
        if (gate) return gate;
        const receipt = ReceiptPayloadSchema.safeParse(JSON.parse(row.payload));
        if (!receipt.success) return { fail: 'invalid_payload' };
        return { call: () => callConnector(ReceiptAnswerSchema, () => push.receipt(receipt.data, row.profile_id, storeId), timeout) };
      }
      case 'redemption': {
        const parsed = RedemptionPayloadSchema.safeParse(JSON.parse(claimed.payload ?? 'null'));
        if (!parsed.success || claimed.profileRef === null) return { fail: 'invalid_payload' };
        const member = await this.memberToDeliverFor(claimed.profileRef);
        if (!('profileId' in member)) return member;
        return { call: () => callConnector(RedeemAnswerSchema, () => push.redeem(member.profileId, parsed.data.points, claimed.itemKey, parsed.data.at ?? claimed.createdAt), timeout) };
      }
      case 'matched_signup': {
        const additions = ContactAdditionsSchema.safeParse(JSON.parse(claimed.payload ?? 'null'));
        if (!additions.success || claimed.profileRef === null) return { fail: 'invalid_payload' };
        const member = await this.memberToDeliverFor(claimed.profileRef);
        if (!('profileId' in member)) return member;
        const send = push.completeContact?.bind(push);
        if (send === undefined) return { fail: 'connector_takes_no_contact_additions' };
        return { call: () => callConnector(CompleteContactAnswerSchema, () => send(member.profileId, additions.data, storeId), timeout) };
      }
      case 'consent': {
        const consentId = Number(claimed.itemKey);
        if (!Number.isSafeInteger(consentId)) return { fail: 'invalid_payload' };
        const found = await consentToDeliver(db, consentId);
        if ('gone' in found) return { fail: 'member_erased' };
        if ('unmapped' in found) return { wait: 'waiting_for_signup', unreceived: true };
        const gate = await this.signupGate(found.profileId);
        if (gate) return gate;
        if (found.superseded) return { skip: 'superseded' };
        if (found.afterEarlier) return { wait: 'waiting_for_earlier_consent' };
        const consent = CrmConsentSchema.safeParse(found.consent);
        if (!consent.success) return { fail: 'invalid_payload' };
        // Queued under a connector that took consents, delivered by one that does not (the hub was restarted with another).
        const send = push.consent?.bind(push);
        if (send === undefined) return { fail: 'connector_takes_no_consents' };
        return { call: () => callConnector(ConsentAnswerSchema, () => send(consent.data, found.profileId, storeId), timeout) };
      }
    }
  }

  /** The member a row names, followed through merges, once the CRM knows it; else what to do instead. */
  private async memberToDeliverFor(profileRef: string): Promise<{ profileId: string } | { wait: string } | { fail: string }> {
    const resolved = await this.deps.mirror.resolve(this.deps.db, profileRef);
    if (!('profileId' in resolved)) return { fail: 'member_erased' };
    return (await this.signupGate(resolved.profileId)) ?? { profileId: resolved.profileId };
  }

  /** A profile the hub made for a sign-up is not the CRM's until that sign-up is delivered. */
  private async signupGate(profileId: string): Promise<{ wait: string } | { fail: string } | null> {
    const state = await this.deps.queue.signupStateOf(this.deps.db, profileId);
    if (state === 'pending') return { wait: 'waiting_for_signup' };
    if (state === 'failed') return { fail: 'member_signup_failed' };
    return null;
  }

  private async loop(slot: number): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.deliverOne();
        if (!worked && slot === 0) await this.pruneNowAndThen();
      } catch (error) {
        // The database is down or restarting (the row stays leased and is claimed again after the lease), or a bug.
        this.deps.logger.error({ err: error instanceof Error ? error.name : 'unknown', outage: isDatabaseOutage(error) }, 'CRM delivery round failed');
      }
      if (!worked && !this.stopped) await this.pause(this.options.intervalMs);
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.deps.now();
    if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = now;
    await this.deps.queue.pruneDelivered(this.deps.db, now - this.options.keepDeliveredMs);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = this.wake.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.push(done);
    });
  }
}
