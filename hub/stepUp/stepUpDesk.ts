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
import { stepUpProviders } from '../providers/stepUpProviders';
import type { StepUpProviders } from '../providers/stepUpProviders';
import { RelyingPartyOrders } from './relyingPartyOrders';
import { sendLimiter } from './sendLimiter';
import { changeOf, stepUpOrders } from './stepUpOrders';
import type { StepUpOrderRow } from './stepUpOrders';

/** What the customer (or BankID) did with an order, as the admin API simulates it. */
export type BankIdAction =
  | { kind: 'start_app'; hintCode: PendingBankIdHint }
  | { kind: 'approve' }
  | { kind: 'fail'; hintCode: FailedBankIdHint }
  | { kind: 'cancel' };

export type BankIdActionOutcome = { ok: true; verification: StepUpVerification } | { ok: false; reason: 'not_found' | 'not_pending' | 'not_simulated' };


const QR_HINTS: ReadonlySet<string> = new Set(['outstandingTransaction', 'noClient']);

function digestOf(verificationId: string, code: string): Buffer {
  return createHash('sha256').update(`${verificationId}:${code}`).digest();
}

type Delivery = { channel: 'sms'; to: string; code: string } | { channel: 'email'; to: string; link: string };

/** A start's order, committed, and what is still to be sent (null: nobody to send to, or nothing to send). */
type Prepared = { row: StepUpOrderRow; delivery: Delivery | null } | { rateLimited: number };

interface Contact {
  profileId: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * The hub's side of step-up verification (docs/step-up.md): starts, codes, links, BankID orders, all in the database;
 * delivered through `providers` (the demo's message log and simulated BankID, or a gateway, SMTP and BankID's API).
 */
export class StepUpDesk {
  private readonly relyingParty: RelyingPartyOrders | null;

  constructor(
    private readonly db: HubDatabase,
    private readonly mirror: MemberMirror,
    private readonly logger: Logger,
    private readonly providers: StepUpProviders = stepUpProviders(db),
  ) {
    this.relyingParty = providers.bankId ? new RelyingPartyOrders(db, providers.bankId, providers.personalNumbers, logger) : null;
  }

  /**
   * Starts a verification. Whether the profile exists, or has a phone or an address, changes nothing in the answer
   * (a code is made and stored, and sent to nobody): the answer must not tell who is a member. A code or a link
   * the gateway or the mail server did not take fails the verification at once, so the till says so plainly
   * instead of waiting for a message that will not come. `endUserIp`: the till's address, for BankID.
   */
  async start(tillId: string, request: StepUpStartRequest, now: number, endUserIp = '127.0.0.1'): Promise<StepUpStartResponse> {
    if (request.method === 'bankid' && this.relyingParty) return this.startRelyingParty(this.relyingParty, tillId, request, now, endUserIp);
    const prepared = await this.db.transaction((tx) => this.prepare(tx, tillId, request, now));
    if ('rateLimited' in prepared) return { outcome: 'rate_limited', retryAfterSeconds: prepared.rateLimited };
    const row = prepared.delivery === null ? prepared.row : await this.deliver(prepared.row, prepared.delivery, now);
    this.logger.info({ verificationId: row.verification_id, method: request.method, tillId }, 'step-up started');
    return { outcome: 'started', verification: view(row, now) };
  }

  /** A real BankID order: /auth outside any transaction (BankID may be slow), then the order is stored. */
  private async startRelyingParty(rp: RelyingPartyOrders, tillId: string, request: StepUpStartRequest, now: number, endUserIp: string): Promise<StepUpStartResponse> {
    const resolved = await this.db.transaction(async (tx) => (await this.contactOf(tx, request.profileId)).profileId);
    const base = newOrder(tillId, request, resolved, now);
    const row = await rp.auth({ ...base, expires_at: now + STEP_UP_RULES.bankIdOrderTtlMs }, endUserIp, now);
    await this.db.transaction((tx) => stepUpOrders.insert(tx, row));
    this.logger.info({ verificationId: row.verification_id, method: request.method, tillId }, 'step-up started');
    return { outcome: 'started', verification: view(row, now) };
  }

  private async prepare(tx: Sql, tillId: string, request: StepUpStartRequest, now: number): Promise<Prepared> {
    const contact = await this.contactOf(tx, request.profileId);
    const base = newOrder(tillId, request, contact.profileId, now);
    const verificationId = base.verification_id;
    switch (request.method) {
      case 'sms': {
        const key = contact.phone === null ? `profile:${request.profileId}` : `sms:${contact.phone}`;
        const wait = await sendLimiter.retryAfterSeconds(tx, key, now);
        if (wait > 0) return { rateLimited: wait };
        const code = String(randomInt(0, 10 ** STEP_UP_RULES.smsCodeDigits)).padStart(STEP_UP_RULES.smsCodeDigits, '0');
        const row: StepUpOrderRow = { ...base, expires_at: now + STEP_UP_RULES.smsCodeTtlMs, code_digest: digestOf(verificationId, code).toString('hex'), tries_left: STEP_UP_RULES.smsMaxWrongTries };
        await stepUpOrders.insert(tx, row);
        // Counted before the send: a send whose answer is lost may still have reached the phone.
        await sendLimiter.record(tx, key, now);
        return { row, delivery: contact.phone === null ? null : { channel: 'sms', to: contact.phone, code } };
      }
      case 'email_link': {
        const key = contact.email === null ? `profile:${request.profileId}` : `email:${contact.email}`;
        const wait = await sendLimiter.retryAfterSeconds(tx, key, now);
        if (wait > 0) return { rateLimited: wait };
        const token = randomBytes(24).toString('base64url');
        const row: StepUpOrderRow = { ...base, expires_at: now + STEP_UP_RULES.emailLinkTtlMs, link_token: token };
        await stepUpOrders.insert(tx, row);
        await sendLimiter.record(tx, key, now);
        return { row, delivery: contact.email === null ? null : { channel: 'email', to: contact.email, link: `${this.providers.email.linkBase}${token}` } };
      }
      case 'bankid': {
        // Simulated: the admin API plays the customer's app.
        const row: StepUpOrderRow = {
          ...base, expires_at: now + STEP_UP_RULES.bankIdOrderTtlMs, order_ref: randomUUID(), qr_start_token: randomUUID(),
          qr_start_secret: randomUUID(), bankid_status: 'pending', hint_code: 'outstandingTransaction',
        };
        await stepUpOrders.insert(tx, row);
        return { row, delivery: null };
      }
    }
  }

  /** Hands the code or link over after the order is committed (a slow gateway must not hold a transaction). */
  private async deliver(row: StepUpOrderRow, delivery: Delivery, now: number): Promise<StepUpOrderRow> {
    const message = { verificationId: row.verification_id, now };
    const outcome = delivery.channel === 'sms'
      ? await this.providers.sms.send({ ...message, to: delivery.to, code: delivery.code })
      : await this.providers.email.send({ ...message, to: delivery.to, link: delivery.link });
    if (outcome.delivered) return row;
    this.logger.warn({ verificationId: row.verification_id, channel: delivery.channel, reason: outcome.reason }, 'step-up message not delivered; the verification failed');
    return this.db.transaction(async (tx) => {
      const current = await stepUpOrders.lockedBy(tx, 'verification_id', row.verification_id);
      if (!current || current.status !== 'pending') return current ?? row;
      return stepUpOrders.update(tx, current, { ...changeOf(current), status: 'failed', finishedAt: now });
    });
  }

  /** The verification as the till that started it may see it; null for an unknown id or another till's. */
  async read(tillId: string, verificationId: string, now: number): Promise<StepUpVerification | null> {
    const row = await this.db.transaction((tx) => this.own(tx, tillId, verificationId, now));
    if (!row) return null;
    // A real BankID order: its state is BankID's, collected here (throws BankIdUnavailable when BankID is silent).
    if (this.relyingParty && row.method === 'bankid' && row.status === 'pending') return view(await this.relyingParty.refresh(row, now), now);
    return view(row, now);
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
  async cancel(tillId: string, verificationId: string, now: number): Promise<StepUpVerification | null> {
    const outcome = await this.db.transaction(async (tx) => {
      const row = await this.own(tx, tillId, verificationId, now);
      if (!row) return null;
      if (row.status !== 'pending') return { row, wasPending: false };
      const bankId = row.method === 'bankid' ? { bankIdStatus: 'cancelled' as const, hintCode: 'cancelled' } : {};
      return { row: await stepUpOrders.update(tx, row, { ...changeOf(row), status: 'cancelled', finishedAt: now, ...bankId }), wasPending: true };
    });
    if (!outcome) return null;
    if (outcome.wasPending && this.relyingParty && outcome.row.method === 'bankid' && outcome.row.order_ref !== null) await this.relyingParty.cancel(outcome.row.order_ref);
    return view(outcome.row, now);
  }

  lastMessage(channel: 'sms' | 'email', address: string): Promise<SentMessage | null> {
    return messageLog.last(this.db, channel, address);
  }

  /** A mailed link's verification, without opening it (the page that asks the customer to confirm). */
  peekEmailLink(token: string, now: number): Promise<StepUpVerification | null> {
    return this.db.transaction(async (tx) => {
      const found = await stepUpOrders.lockedBy(tx, 'link_token', token);
      return found ? view(await settle(tx, found, now), now) : null;
    });
  }

  /** The customer opened the mailed link (and confirmed). */
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
    // With a real BankID, only BankID decides an order: the admin API must not approve one.
    if (this.relyingParty) return Promise.resolve({ ok: false, reason: 'not_simulated' });
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

function newOrder(tillId: string, request: StepUpStartRequest, resolvedProfileId: string | null, now: number): StepUpOrderRow {
  return {
    verification_id: randomBytes(18).toString('base64url'), till_id: tillId, profile_id: request.profileId, resolved_profile_id: resolvedProfileId,
    method: request.method, status: 'pending', created_at: now, expires_at: now, finished_at: null, code_digest: null,
    tries_left: null, link_token: null, order_ref: null, qr_start_token: null, qr_start_secret: null, bankid_status: null, hint_code: null,
    collected_at: null,
  };
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
