import type { Logger } from 'pino';
import type { HubDatabase } from '../db/sql';
import type { BankIdCollectResponse, BankIdRelyingParty } from '../providers/bankIdRelyingParty';
import { TILL_AUTH_REQUIREMENT } from '../providers/bankIdRelyingParty';
import { PersonalNumberCheckUnavailable } from '../providers/personalNumbers';
import type { PersonalNumberCheck } from '../providers/personalNumbers';
import { changeOf, stepUpOrders } from './stepUpOrders';
import type { StepUpOrderChange, StepUpOrderRow } from './stepUpOrders';

/** BankID asks relying parties to call /collect every 2 s per order. */
export const COLLECT_INTERVAL_MS = 2_000;

/** BankID gave no usable answer to a collect: the order stays open, and the till is told to ask again shortly. */
export class BankIdUnavailable extends Error {
  constructor() {
    super('BankID did not answer');
    this.name = 'BankIdUnavailable';
  }
}

/**
 * Real BankID orders: /auth when a till starts one, /collect when a till's poll can claim it (every 2 s at most,
 * across hub processes), /cancel when the till cancels. On `complete` the personal number is compared with the
 * profile's and then dropped: it is never stored or logged.
 */
export class RelyingPartyOrders {
  constructor(
    private readonly db: HubDatabase,
    private readonly rp: BankIdRelyingParty,
    private readonly personalNumbers: PersonalNumberCheck,
    private readonly logger: Logger,
  ) {}

  /** The order as BankID starts it, or a failed one when BankID refused or did not answer (the till says so). */
  async auth(base: StepUpOrderRow, endUserIp: string, now: number): Promise<StepUpOrderRow> {
    const call = await this.rp.auth({ endUserIp, requirement: TILL_AUTH_REQUIREMENT });
    if (!call.ok) {
      this.logger.warn({ verificationId: base.verification_id, failure: call.failure.kind, errorCode: call.failure.errorCode }, 'BankID did not start an order');
      return { ...base, status: 'failed', finished_at: now, bankid_status: 'failed', hint_code: call.failure.errorCode ?? 'internalError' };
    }
    const order = call.value;
    return {
      ...base, order_ref: order.orderRef, qr_start_token: order.qrStartToken, qr_start_secret: order.qrStartSecret,
      bankid_status: 'pending', hint_code: 'outstandingTransaction', collected_at: now,
    };
  }

  /** Collects a pending order when its turn has come; otherwise answers it as stored. */
  async refresh(row: StepUpOrderRow, now: number): Promise<StepUpOrderRow> {
    if (row.order_ref === null) return row;
    const orderRef = row.order_ref;
    const claimed = await this.db.transaction((tx) => stepUpOrders.claimCollect(tx, row.verification_id, now, COLLECT_INTERVAL_MS));
    if (!claimed) return row;
    const call = await this.rp.collect(orderRef);
    let change: StepUpOrderChange;
    if (call.ok) change = await this.changeFrom(row, call.value, now);
    else if (call.failure.kind === 'rejected') {
      // 4xx: BankID no longer knows the order (invalidParameters) or refuses us; it cannot complete any more.
      change = { ...changeOf(row), status: 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: call.failure.errorCode ?? 'unknown' };
    } else throw new BankIdUnavailable();
    return this.db.transaction(async (tx) => {
      const current = await stepUpOrders.lockedBy(tx, 'verification_id', row.verification_id);
      // Cancelled or expired while BankID was asked: that stands.
      if (!current || current.status !== 'pending') return current ?? row;
      const next = await stepUpOrders.update(tx, current, change);
      if (next.status !== 'pending') this.logger.info({ verificationId: row.verification_id, status: next.status, hintCode: next.hint_code }, 'BankID order finished');
      return next;
    });
  }

  /** Tells BankID the till gave up (best effort: an order left open expires at BankID by itself). */
  async cancel(orderRef: string): Promise<void> {
    await this.rp.cancel(orderRef);
  }

  private async changeFrom(row: StepUpOrderRow, collected: BankIdCollectResponse, now: number): Promise<StepUpOrderChange> {
    const change = changeOf(row);
    switch (collected.status) {
      case 'pending':
        return { ...change, hintCode: collected.hintCode ?? null };
      case 'failed': {
        const hintCode = collected.hintCode ?? 'unknown';
        return { ...change, status: hintCode === 'expiredTransaction' ? 'expired' : 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode };
      }
      case 'complete': {
        // The person BankID names must own the profile; an unknown or erased profile cannot be proven.
        let owner: boolean;
        try {
          owner = row.resolved_profile_id !== null && await this.personalNumbers.matches(row.resolved_profile_id, collected.completionData.user.personalNumber);
        } catch (error) {
          if (!(error instanceof PersonalNumberCheckUnavailable)) throw error;
          // BankID forgets a finished order, so no later collect could complete it (it would answer invalidParameters):
          // the CRM not answering now fails the verification, and the cashier starts a new one.
          this.logger.warn({ verificationId: row.verification_id, reason: error.reason }, 'the CRM did not answer the personal number check');
          return { ...change, status: 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: 'personalNumberCheckUnavailable' };
        }
        return owner
          ? { ...change, status: 'verified', finishedAt: now, bankIdStatus: 'complete', hintCode: null }
          : { ...change, status: 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: 'personalNumberMismatch' };
      }
    }
  }
}
