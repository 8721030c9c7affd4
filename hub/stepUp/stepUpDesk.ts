import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { HubDatabase, Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import { STEP_UP_RULES } from '../../sync/protocol';
import type { StepUpCodeResponse, StepUpStartRequest, StepUpStartResponse, StepUpVerification } from '../../sync/protocol';
import type { FailedBankIdHint, PendingBankIdHint } from './bankIdHints';
import { bankIdQrData } from './bankIdQr';
import { messageLog } from './messageLog';
import type { SentMessage } from './messageLog';
import { sendLimiter } from './sendLimiter';
import { changeOf, stepUpOrders } from './stepUpOrders';
import type { StepUpOrderRow } from './stepUpOrders';

/** What the customer (or BankID) did with an order, as the admin API simulates it. */
export type BankIdAction =
  | { kind: 'start_app'; hintCode: PendingBankIdHint }
  | { kind: 'approve' }
  | { kind: 'fail'; hintCode: FailedBankIdHint }
  | { kind: 'cancel' };

export type BankIdActionOutcome = { ok: true; verification: StepUpVerification } | { ok: false; reason: 'not_found' | 'not_pending' };

/** The example address a real deployment would mail; until the e-mail connector exists it is only logged. */
export const EMAIL_LINK_BASE = 'https://hub.example/step-up/email/';

const QR_HINTS: ReadonlySet<string> = new Set(['outstandingTransaction', 'noClient']);

function digestOf(verificationId: string, code: string): Buffer {
  return createHash('sha256').update(`${verificationId}:${code}`).digest();
}

interface Contact {
  profileId: string | null;
  phone: string | null;
  email: string | null;
}

/** The hub's side of step-up verification (docs/step-up.md): starts, codes, links, BankID orders, all in the database. */
export class StepUpDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly mirror: MemberMirror,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts a verification. Whether the profile exists, or has a phone or an address, changes nothing in the answer
   * or in the work done (a code is made, stored and "sent" to nobody): the answer must not tell who is a member.
   */
  start(tillId: string, request: StepUpStartRequest, now: number): Promise<StepUpStartResponse> {
    return this.db.transaction(async (tx): Promise<StepUpStartResponse> => {
      const contact = await this.contactOf(tx, request.profileId);
      const verificationId = randomBytes(18).toString('base64url');
      const base: StepUpOrderRow = {
        verification_id: verificationId, till_id: tillId, profile_id: request.profileId, resolved_profile_id: contact.profileId,
        method: request.method, status: 'pending', created_at: now, expires_at: now, finished_at: null, code_digest: null,
        tries_left: null, link_token: null, order_ref: null, qr_start_token: null, qr_start_secret: null, bankid_status: null, hint_code: null,
      };
      let row: StepUpOrderRow;
      switch (request.method) {
        case 'sms': {
          const key = contact.phone === null ? `profile:${request.profileId}` : `sms:${contact.phone}`;
          const wait = await sendLimiter.retryAfterSeconds(tx, key, now);
          if (wait > 0) return { outcome: 'rate_limited', retryAfterSeconds: wait };
          const code = String(randomInt(0, 10 ** STEP_UP_RULES.smsCodeDigits)).padStart(STEP_UP_RULES.smsCodeDigits, '0');
          row = { ...base, expires_at: now + STEP_UP_RULES.smsCodeTtlMs, code_digest: digestOf(verificationId, code).toString('hex'), tries_left: STEP_UP_RULES.smsMaxWrongTries };
          await stepUpOrders.insert(tx, row);
          await messageLog.send(tx, 'sms', contact.phone, code, verificationId, now);
          await sendLimiter.record(tx, key, now);
          break;
        }
        case 'email_link': {
          const key = contact.email === null ? `profile:${request.profileId}` : `email:${contact.email}`;
          const wait = await sendLimiter.retryAfterSeconds(tx, key, now);
          if (wait > 0) return { outcome: 'rate_limited', retryAfterSeconds: wait };
          const token = randomBytes(24).toString('base64url');
          row = { ...base, expires_at: now + STEP_UP_RULES.emailLinkTtlMs, link_token: token };
          await stepUpOrders.insert(tx, row);
          await messageLog.send(tx, 'email', contact.email, `${EMAIL_LINK_BASE}${token}`, verificationId, now);
          await sendLimiter.record(tx, key, now);
          break;
        }
        case 'bankid': {
          row = {
            ...base, expires_at: now + STEP_UP_RULES.bankIdOrderTtlMs, order_ref: randomUUID(), qr_start_token: randomUUID(),
            qr_start_secret: randomUUID(), bankid_status: 'pending', hint_code: 'outstandingTransaction',
          };
          await stepUpOrders.insert(tx, row);
          break;
        }
      }
      this.logger.info({ verificationId, method: request.method, tillId }, 'step-up started');
      return { outcome: 'started', verification: view(row, now) };
    });
  }

  /** The verification as the till that started it may see it; null for an unknown id or another till's. */
  read(tillId: string, verificationId: string, now: number): Promise<StepUpVerification | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.own(tx, tillId, verificationId, now);
      return row ? view(row, now) : null;
    });
  }

  submitCode(tillId: string, verificationId: string, code: string, now: number): Promise<StepUpCodeResponse | null> {
    return this.db.transaction(async (tx): Promise<StepUpCodeResponse | null> => {
      const row = await this.own(tx, tillId, verificationId, now);
      if (!row) return null;
      if (row.method !== 'sms' || row.status !== 'pending' || row.code_digest === null) {
        const result = row.status === 'expired' ? 'expired' : row.status === 'too_many_tries' ? 'too_many_tries' : 'not_pending';
        return { result, verification: view(row, now) };
      }
      if (timingSafeEqual(digestOf(verificationId, code), Buffer.from(row.code_digest, 'hex'))) {
        const done = await stepUpOrders.update(tx, row, { ...changeOf(row), status: 'verified', finishedAt: now });
        this.logger.info({ verificationId }, 'step-up verified by code');
        return { result: 'verified', verification: view(done, now) };
      }
      const triesLeft = Math.max(0, (row.tries_left ?? 0) - 1);
      const locked = triesLeft === 0;
      const next = await stepUpOrders.update(tx, row, { ...changeOf(row), triesLeft, status: locked ? 'too_many_tries' : 'pending', finishedAt: locked ? now : null });
      this.logger.info({ verificationId, triesLeft }, 'step-up wrong code');
      return { result: locked ? 'too_many_tries' : 'wrong_code', verification: view(next, now) };
    });
  }

  /** The till gave up (the customer walked away, another method was chosen). Cancelling twice is harmless. */
  cancel(tillId: string, verificationId: string, now: number): Promise<StepUpVerification | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.own(tx, tillId, verificationId, now);
      if (!row) return null;
      if (row.status !== 'pending') return view(row, now);
      const bankId = row.method === 'bankid' ? { bankIdStatus: 'cancelled' as const, hintCode: 'cancelled' } : {};
      return view(await stepUpOrders.update(tx, row, { ...changeOf(row), status: 'cancelled', finishedAt: now, ...bankId }), now);
    });
  }

  lastMessage(channel: 'sms' | 'email', address: string): Promise<SentMessage | null> {
    return messageLog.last(this.db, channel, address);
  }

  /** The customer opened the mailed link. */
  openEmailLink(token: string, now: number): Promise<StepUpVerification | null> {
    return this.db.transaction(async (tx) => {
      const found = await stepUpOrders.lockedBy(tx, 'link_token', token);
      if (!found) return null;
      const row = await settle(tx, found, now);
      if (row.status !== 'pending') return view(row, now);
      return view(await stepUpOrders.update(tx, row, { ...changeOf(row), status: 'verified', finishedAt: now }), now);
    });
  }

  /** The latest BankID order started for a profile reference (admin: to find the orderRef to act on). */
  lastBankIdOrder(profileRef: string, now: number): Promise<{ orderRef: string; verification: StepUpVerification } | null> {
    return this.db.transaction(async (tx) => {
      const found = await stepUpOrders.latestBankIdOrder(tx, profileRef);
      if (!found || found.order_ref === null) return null;
      return { orderRef: found.order_ref, verification: view(await settle(tx, found, now), now) };
    });
  }

  /** What the customer did in the BankID app (or what BankID decided), on a pending order. */
  bankIdAction(orderRef: string, action: BankIdAction, now: number): Promise<BankIdActionOutcome> {
    return this.db.transaction(async (tx): Promise<BankIdActionOutcome> => {
      const found = await stepUpOrders.lockedBy(tx, 'order_ref', orderRef);
      if (!found) return { ok: false, reason: 'not_found' };
      const row = await settle(tx, found, now);
      if (row.status !== 'pending') return { ok: false, reason: 'not_pending' };
      const change = changeOf(row);
      let next: StepUpOrderRow;
      switch (action.kind) {
        case 'start_app':
          next = await stepUpOrders.update(tx, row, { ...change, hintCode: action.hintCode });
          break;
        case 'approve':
          // The hub must check that the person BankID names owns the profile; a profile it does not know (or that
          // is gone) cannot be proven, and fails like any other failure.
          next = row.resolved_profile_id === null
            ? await stepUpOrders.update(tx, row, { ...change, status: 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: 'unknown' })
            : await stepUpOrders.update(tx, row, { ...change, status: 'verified', finishedAt: now, bankIdStatus: 'complete', hintCode: null });
          break;
        case 'fail':
          next = await stepUpOrders.update(tx, row, {
            ...change, status: action.hintCode === 'expiredTransaction' ? 'expired' : 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: action.hintCode,
          });
          break;
        case 'cancel':
          next = await stepUpOrders.update(tx, row, { ...change, status: 'cancelled', finishedAt: now, bankIdStatus: 'failed', hintCode: 'userCancel' });
          break;
      }
      this.logger.info({ verificationId: row.verification_id, action: action.kind }, 'bankid order changed');
      return { ok: true, verification: view(next, now) };
    });
  }

  /** Resolves a till's profile reference as uploads do, and reads the phone and e-mail address the mirror holds. */
  private async contactOf(tx: Sql, profileRef: string): Promise<Contact> {
    const resolved = await this.mirror.resolveRef(tx, profileRef);
    const state = 'profileId' in resolved ? await this.mirror.get(tx, resolved.profileId) : null;
    if (!state) return { profileId: null, phone: null, email: null };
    return {
      profileId: state.profileId,
      phone: state.identifiers.find(([kind]) => kind === 'phone')?.[1] ?? null,
      email: state.identifiers.find(([kind]) => kind === 'email')?.[1] ?? null,
    };
  }

  private async own(tx: Sql, tillId: string, verificationId: string, now: number): Promise<StepUpOrderRow | null> {
    const row = await stepUpOrders.lockedBy(tx, 'verification_id', verificationId);
    if (!row || row.till_id !== tillId) return null;
    return settle(tx, row, now);
  }
}

/** A pending verification past its expiry becomes `expired` (a BankID order: failed with expiredTransaction). */
async function settle(tx: Sql, row: StepUpOrderRow, now: number): Promise<StepUpOrderRow> {
  if (row.status !== 'pending' || now <= row.expires_at) return row;
  const bankId = row.method === 'bankid' ? { bankIdStatus: 'failed' as const, hintCode: 'expiredTransaction' } : {};
  return stepUpOrders.update(tx, row, { ...changeOf(row), status: 'expired', finishedAt: row.expires_at, ...bankId });
}

function view(row: StepUpOrderRow, now: number): StepUpVerification {
  const result: StepUpVerification = {
    verificationId: row.verification_id,
    profileId: row.profile_id,
    method: row.method,
    status: row.status,
    expiresAt: row.expires_at,
  };
  if (row.method === 'sms') {
    result.codeLength = STEP_UP_RULES.smsCodeDigits;
    result.triesLeft = row.tries_left ?? 0;
  }
  if (row.method === 'bankid') {
    const showQr = row.status === 'pending' && row.bankid_status === 'pending' && QR_HINTS.has(row.hint_code ?? '') && row.qr_start_token !== null && row.qr_start_secret !== null;
    result.bankId = {
      status: row.bankid_status ?? 'pending',
      hintCode: row.hint_code,
      qrData: showQr ? bankIdQrData(row.qr_start_token as string, row.qr_start_secret as string, (now - row.created_at) / 1000) : null,
    };
  }
  return result;
}
