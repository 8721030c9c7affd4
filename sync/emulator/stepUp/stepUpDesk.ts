import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from 'pino';
import { STEP_UP_RULES } from '../../protocol';
import type { StepUpCodeResponse, StepUpStartRequest, StepUpStartResponse, StepUpVerification } from '../../protocol';
import type { CrmProfiles } from '../store/crmProfiles';
import type { FailedBankIdHint, PendingBankIdHint } from './bankIdHints';
import { bankIdQrData } from './bankIdQr';
import { createContactLookup } from './profileContact';
import type { ProfileContact } from './profileContact';
import { SendLimiter } from './sendLimiter';
import { SentMessageLog } from './sentMessageLog';
import type { SentMessage } from './sentMessageLog';
import { changeOf, VerificationRows } from './verificationRows';
import type { VerificationRow } from './verificationRows';


/** What the customer (or BankID) did with an order, as the admin API simulates it. */
export type BankIdAction =
  | { kind: 'start_app'; hintCode: PendingBankIdHint }
  | { kind: 'approve' }
  | { kind: 'fail'; hintCode: FailedBankIdHint }
  | { kind: 'cancel' };

export type BankIdActionOutcome = { ok: true; verification: StepUpVerification } | { ok: false; reason: 'not_found' | 'not_pending' };

/** The example address a real CRM would mail; the emulator only logs it. */
export const EMAIL_LINK_BASE = 'https://crm.example/step-up/email/';

const QR_HINTS: ReadonlySet<string> = new Set(['outstandingTransaction', 'noClient']);

function digestOf(verificationId: string, code: string): Buffer {
  return createHash('sha256').update(`${verificationId}:${code}`).digest();
}

/** The CRM side of step-up verification: starts, codes, links, BankID orders, over the step-up tables. */
export class StepUpDesk {
  private readonly rows: VerificationRows;
  private readonly limiter: SendLimiter;
  private readonly messages: SentMessageLog;
  private readonly contactOf: (profileRef: string) => ProfileContact;
  private readonly lastOrderOf;

  constructor(
    private readonly db: SqliteDatabase,
    profiles: CrmProfiles,
    private readonly logger: Logger,
  ) {
    this.rows = new VerificationRows(db);
    this.limiter = new SendLimiter(db);
    this.messages = new SentMessageLog(db);
    this.contactOf = createContactLookup(db, profiles);
    this.lastOrderOf = db.prepare<[string], VerificationRow>(
      "SELECT * FROM step_up_verifications WHERE profile_id = ? AND method = 'bankid' ORDER BY created_at DESC, rowid DESC LIMIT 1",
    );
  }

  /**
   * Starts a verification. Whether the profile exists, or has a phone or an address, changes nothing in the answer
   * or in the work done (a code is made, stored and "sent" to nobody): the answer must not tell who is a member.
   */
  start(deviceId: string, request: StepUpStartRequest, now: number): StepUpStartResponse {
    return this.db.transaction((): StepUpStartResponse => {
      const contact = this.contactOf(request.profileId);
      const verificationId = randomBytes(18).toString('base64url');
      const base: VerificationRow = {
        verification_id: verificationId, device_id: deviceId, profile_id: request.profileId, profile_seq: contact.profileSeq,
        method: request.method, status: 'pending', created_at: now, expires_at: now, finished_at: null, code_digest: null,
        tries_left: null, link_token: null, order_ref: null, qr_start_token: null, qr_start_secret: null, bankid_status: null, hint_code: null,
      };
      let row: VerificationRow;
      switch (request.method) {
        case 'sms': {
          const key = contact.phone === null ? `profile:${request.profileId}` : `sms:${contact.phone}`;
          const wait = this.limiter.retryAfterSeconds(key, now);
          if (wait > 0) return { outcome: 'rate_limited', retryAfterSeconds: wait };
          const code = String(randomInt(0, 10 ** STEP_UP_RULES.smsCodeDigits)).padStart(STEP_UP_RULES.smsCodeDigits, '0');
          row = { ...base, expires_at: now + STEP_UP_RULES.smsCodeTtlMs, code_digest: digestOf(verificationId, code).toString('hex'), tries_left: STEP_UP_RULES.smsMaxWrongTries };
          this.rows.insert(row);
          this.messages.send('sms', contact.phone, code, verificationId, now);
          this.limiter.record(key, now);
          break;
        }
        case 'email_link': {
          const key = contact.email === null ? `profile:${request.profileId}` : `email:${contact.email}`;
          const wait = this.limiter.retryAfterSeconds(key, now);
          if (wait > 0) return { outcome: 'rate_limited', retryAfterSeconds: wait };
          const token = randomBytes(24).toString('base64url');
          row = { ...base, expires_at: now + STEP_UP_RULES.emailLinkTtlMs, link_token: token };
          this.rows.insert(row);
          this.messages.send('email', contact.email, `${EMAIL_LINK_BASE}${token}`, verificationId, now);
          this.limiter.record(key, now);
          break;
        }
        case 'bankid': {
          row = {
            ...base, expires_at: now + STEP_UP_RULES.bankIdOrderTtlMs, order_ref: randomUUID(), qr_start_token: randomUUID(),
            qr_start_secret: randomUUID(), bankid_status: 'pending', hint_code: 'outstandingTransaction',
          };
          this.rows.insert(row);
          break;
        }
      }
      this.logger.info({ verificationId, method: request.method, deviceId }, 'step-up started');
      return { outcome: 'started', verification: this.view(row, now) };
    })();
  }

  /** The verification as the till that started it may see it; null for an unknown id or another till's. */
  read(deviceId: string, verificationId: string, now: number): StepUpVerification | null {
    const row = this.own(deviceId, verificationId, now);
    return row ? this.view(row, now) : null;
  }

  submitCode(deviceId: string, verificationId: string, code: string, now: number): StepUpCodeResponse | null {
    return this.db.transaction((): StepUpCodeResponse | null => {
      const row = this.own(deviceId, verificationId, now);
      if (!row) return null;
      if (row.method !== 'sms' || row.status !== 'pending' || row.code_digest === null) {
        const result = row.status === 'expired' ? 'expired' : row.status === 'too_many_tries' ? 'too_many_tries' : 'not_pending';
        return { result, verification: this.view(row, now) };
      }
      const expected = Buffer.from(row.code_digest, 'hex');
      if (timingSafeEqual(digestOf(verificationId, code), expected)) {
        const done = this.rows.update(row, { ...changeOf(row), status: 'verified', finishedAt: now });
        this.logger.info({ verificationId }, 'step-up verified by code');
        return { result: 'verified', verification: this.view(done, now) };
      }
      const triesLeft = Math.max(0, (row.tries_left ?? 0) - 1);
      const locked = triesLeft === 0;
      const next = this.rows.update(row, { ...changeOf(row), triesLeft, status: locked ? 'too_many_tries' : 'pending', finishedAt: locked ? now : null });
      this.logger.info({ verificationId, triesLeft }, 'step-up wrong code');
      return { result: locked ? 'too_many_tries' : 'wrong_code', verification: this.view(next, now) };
    })();
  }

  /** The till gave up (the customer walked away, another method was chosen). Cancelling twice is harmless. */
  cancel(deviceId: string, verificationId: string, now: number): StepUpVerification | null {
    return this.db.transaction((): StepUpVerification | null => {
      const row = this.own(deviceId, verificationId, now);
      if (!row) return null;
      if (row.status !== 'pending') return this.view(row, now);
      const bankId = row.method === 'bankid' ? { bankIdStatus: 'cancelled' as const, hintCode: 'cancelled' } : {};
      return this.view(this.rows.update(row, { ...changeOf(row), status: 'cancelled', finishedAt: now, ...bankId }), now);
    })();
  }

  lastMessage(channel: 'sms' | 'email', address: string): SentMessage | null {
    return this.messages.last(channel, address);
  }

  /** The customer opened the mailed link. */
  openEmailLink(token: string, now: number): StepUpVerification | null {
    return this.db.transaction((): StepUpVerification | null => {
      const found = this.rows.byLinkToken(token);
      if (!found) return null;
      const row = this.settle(found, now);
      if (row.status !== 'pending') return this.view(row, now);
      return this.view(this.rows.update(row, { ...changeOf(row), status: 'verified', finishedAt: now }), now);
    })();
  }

  /** The latest BankID order started for a profile reference (admin: to find the orderRef to act on). */
  lastBankIdOrder(profileRef: string, now: number): { orderRef: string; verification: StepUpVerification } | null {
    const found = this.lastOrderOf.get(profileRef);
    if (!found || found.order_ref === null) return null;
    return { orderRef: found.order_ref, verification: this.view(this.settleInTransaction(found, now), now) };
  }

  /** What the customer did in the BankID app (or what BankID decided), on a pending order. */
  bankIdAction(orderRef: string, action: BankIdAction, now: number): BankIdActionOutcome {
    return this.db.transaction((): BankIdActionOutcome => {
      const found = this.rows.byOrderRef(orderRef);
      if (!found) return { ok: false, reason: 'not_found' };
      const row = this.settle(found, now);
      if (row.status !== 'pending') return { ok: false, reason: 'not_pending' };
      const change = changeOf(row);
      let next: VerificationRow;
      switch (action.kind) {
        case 'start_app':
          next = this.rows.update(row, { ...change, hintCode: action.hintCode });
          break;
        case 'approve':
          // A real CRM checks that the person BankID names is the profile's owner; a profile it does not know
          // (or that is gone) cannot be proven, and fails like any other failure.
          next = row.profile_seq === null
            ? this.rows.update(row, { ...change, status: 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: 'unknown' })
            : this.rows.update(row, { ...change, status: 'verified', finishedAt: now, bankIdStatus: 'complete', hintCode: null });
          break;
        case 'fail':
          next = this.rows.update(row, {
            ...change, status: action.hintCode === 'expiredTransaction' ? 'expired' : 'failed', finishedAt: now, bankIdStatus: 'failed', hintCode: action.hintCode,
          });
          break;
        case 'cancel':
          next = this.rows.update(row, { ...change, status: 'cancelled', finishedAt: now, bankIdStatus: 'failed', hintCode: 'userCancel' });
          break;
      }
      this.logger.info({ verificationId: row.verification_id, action: action.kind }, 'bankid order changed');
      return { ok: true, verification: this.view(next, now) };
    })();
  }

  private own(deviceId: string, verificationId: string, now: number): VerificationRow | null {
    const row = this.rows.byId(verificationId);
    if (!row || row.device_id !== deviceId) return null;
    return this.settleInTransaction(row, now);
  }

  private settleInTransaction(row: VerificationRow, now: number): VerificationRow {
    return this.db.transaction(() => this.settle(row, now))();
  }

  /** A pending verification past its expiry becomes `expired` (a BankID order: failed with expiredTransaction). */
  private settle(row: VerificationRow, now: number): VerificationRow {
    if (row.status !== 'pending' || now <= row.expires_at) return row;
    const bankId = row.method === 'bankid' ? { bankIdStatus: 'failed' as const, hintCode: 'expiredTransaction' } : {};
    return this.rows.update(row, { ...changeOf(row), status: 'expired', finishedAt: row.expires_at, ...bankId });
  }

  private view(row: VerificationRow, now: number): StepUpVerification {
    const view: StepUpVerification = {
      verificationId: row.verification_id,
      profileId: row.profile_id,
      method: row.method,
      status: row.status,
      expiresAt: row.expires_at,
    };
    if (row.method === 'sms') {
      view.codeLength = STEP_UP_RULES.smsCodeDigits;
      view.triesLeft = row.tries_left ?? 0;
    }
    if (row.method === 'bankid') {
      const showQr = row.status === 'pending' && row.bankid_status === 'pending' && QR_HINTS.has(row.hint_code ?? '') && row.qr_start_token !== null && row.qr_start_secret !== null;
      view.bankId = {
        status: row.bankid_status ?? 'pending',
        hintCode: row.hint_code,
        qrData: showQr ? bankIdQrData(row.qr_start_token as string, row.qr_start_secret as string, (now - row.created_at) / 1000) : null,
      };
    }
    return view;
  }
}
