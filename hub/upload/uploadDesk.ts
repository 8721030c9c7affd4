import type { Logger } from 'pino';
import { takeWriteLock } from '../db/sql';
import type { HubDatabase, Sql } from '../db/sql';
import type { MemberMirror } from '../mirror/memberMirror';
import type { CrmDeliveryQueue } from '../delivery/crmDeliveryQueue';
import { UploadItemSchema, UploadKindSchema } from '../../sync/protocol';
import type { ConsentPayload, IdentifierTuple, ReceiptDeliveryPayload, ReceiptPayload, SignupPayload, UploadItem, UploadItemEnvelope, UploadResult } from '../../sync/protocol';
import type { ReceiptDeliveryDesk } from '../receiptDelivery/receiptDeliveryDesk';
import { answerReceipts, attachment, pointsFor } from './answerReceipts';
import type { Attachment } from './answerReceipts';

/** The order in which a sign-up's identifiers are matched against existing profiles. */
const MATCH_ORDER = ['phone', 'email', 'card', 'member_number'] as const;

/** An item parsed for its first answer: a rejection (kinds and payloads the protocol does not know), or typed. */
type Parsed = { rejected: UploadResult } | { item: UploadItem };

/**
 * An anonymous receipt writes only its own row: no mirror, no change log, no sign-up to wait for. The only kind of
 * item that needs no write lock.
 */
function isAnonymousReceipt(item: UploadItemEnvelope): boolean {
  const payload = item.payload as { profileId?: unknown } | null | undefined;
  return item.kind === 'receipt' && typeof payload === 'object' && payload !== null && payload.profileId === null;
}

/**
 * Answers upload batches: each item as if on its own (consecutive receipts set-wise, a few statements for all of
 * them), the whole batch in one transaction committed before the answer is written. Every key's first result is kept in the upload ledger and replayed, and receipts are kept once per
 * receiptId, so a batch retried (at this hub process or another on the same database) is counted once.
 *
 * Each key is claimed first: one insert of the batch's keys into the ledger, in key order, that skips the keys already
 * there. A key another transaction is claiming makes this one wait for it to end, so a key is answered first by exactly
 * one transaction, with or without the write lock, and two batches claiming in key order cannot deadlock. The write
 * lock (db/sql.ts) is taken before the claim, and only by a batch with an item other than an anonymous receipt.
 */
export class UploadDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly mirror: MemberMirror,
    private readonly receiptDeliveries: ReceiptDeliveryDesk,
    private readonly logger: Logger,
    /** Set when the connector has a push: what is accepted here is owed to the CRM, queued in the same transaction. */
    private readonly crmQueue: CrmDeliveryQueue | null = null,
  ) {}

  process(items: readonly UploadItemEnvelope[], tillId: string, now: number): Promise<UploadResult[]> {
    const needsWriteLock = items.some((item) => !isAnonymousReceipt(item));
    return this.db.transaction(async (tx) => {
      if (needsWriteLock) await takeWriteLock(tx);
      const claimed = await this.claim(tx, items, tillId, now);
      const replayed = await this.firstResults(tx, items.filter((item) => !claimed.has(item.idempotencyKey)));
      const answered = await this.answerFirstTimes(tx, items.filter((item) => !replayed.has(item.idempotencyKey)), tillId, now);
      if (answered.size > 0) await tx.query(
        'UPDATE upload_ledger AS l SET result_json = u.result FROM unnest($1::text[], $2::text[]) AS u(key, result) WHERE l.idempotency_key = u.key',
        [[...answered.keys()], [...answered.values()].map((r) => JSON.stringify(r))],
      );
      // Each item its key's first result: as it is where that result was made, a duplicate (or the same rejection)
      // where the key was answered before, or earlier in this batch.
      const seen = new Set<string>();
      return items.map((item, i): UploadResult => {
        const key = item.idempotencyKey;
        const first = answered.get(key) ?? replayed.get(key);
        if (first === undefined) throw new Error(`upload item ${i} was not answered`);
        const again = seen.has(key) || !answered.has(key);
        seen.add(key);
        if (!again || first.status === 'rejected') return first;
        return { ...first, status: 'duplicate' };
      });
    });
  }

  /**
   * The first answer of each key, in the batch's order. Consecutive receipts are answered together (answerReceipts.ts);
   * any other item first lets the receipts before it be answered, so every item sees what those before it did, exactly
   * as if each were answered on its own.
   */
  private async answerFirstTimes(tx: Sql, items: readonly UploadItemEnvelope[], tillId: string, now: number): Promise<Map<string, UploadResult>> {
    const answered = new Map<string, UploadResult>();
    const answer = (item: UploadItemEnvelope, result: UploadResult): void => {
      answered.set(item.idempotencyKey, result);
      this.logger.debug({ kind: item.kind, status: result.status, reason: result.reason }, 'upload item answered');
    };
    let receipts: Array<{ item: UploadItemEnvelope; payload: ReceiptPayload }> = [];
    const answerReceiptsSoFar = async (): Promise<void> => {
      if (receipts.length === 0) return;
      const statuses = await answerReceipts(tx, this.mirror, this.crmQueue, receipts.map((r) => r.payload), tillId, now);
      receipts.forEach((r, i) => {
        const status = statuses[i];
        if (status === undefined) throw new Error(`receipt ${i} of ${receipts.length} was not answered`);
        answer(r.item, { idempotencyKey: r.item.idempotencyKey, status });
      });
      receipts = [];
    };
    const keys = new Set<string>();
    for (const item of items) {
      if (keys.has(item.idempotencyKey)) continue;
      keys.add(item.idempotencyKey);
      const parsed = parseItem(item);
      if ('rejected' in parsed) answer(item, parsed.rejected);
      else if (parsed.item.kind === 'receipt') receipts.push({ item, payload: parsed.item.payload });
      else {
        await answerReceiptsSoFar();
        answer(item, await this.firstAnswer(tx, item.idempotencyKey, parsed.item, tillId, now));
      }
    }
    await answerReceiptsSoFar();
    return answered;
  }

  /** Inserts the ledger rows of the keys nobody answered yet (result to follow); answers those keys. */
  private async claim(tx: Sql, items: readonly UploadItemEnvelope[], tillId: string, now: number): Promise<Set<string>> {
    const kinds = new Map<string, string>();
    for (const item of items) if (!kinds.has(item.idempotencyKey)) kinds.set(item.idempotencyKey, item.kind.slice(0, 40));
    const rows = await tx.query<{ idempotency_key: string }>(
      `INSERT INTO upload_ledger (idempotency_key, till_id, kind, result_json, at)
       SELECT u.key, $3, u.kind, '', $4 FROM unnest($1::text[], $2::text[]) AS u(key, kind) ORDER BY u.key
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
      [[...kinds.keys()], [...kinds.values()], tillId, now],
    );
    return new Set(rows.map((r) => r.idempotency_key));
  }

  /** The first results of keys answered before, from the ledger. */
  private async firstResults(tx: Sql, items: readonly UploadItemEnvelope[]): Promise<Map<string, UploadResult>> {
    if (items.length === 0) return new Map();
    const rows = await tx.query<{ idempotency_key: string; result_json: string }>(
      'SELECT idempotency_key, result_json FROM upload_ledger WHERE idempotency_key = ANY($1::text[])',
      [items.map((item) => item.idempotencyKey)],
    );
    return new Map(rows.map((r) => [r.idempotency_key, JSON.parse(r.result_json) as UploadResult]));
  }

  private async firstAnswer(tx: Sql, key: string, item: Exclude<UploadItem, { kind: 'receipt' }>, tillId: string, now: number): Promise<UploadResult> {
    switch (item.kind) {
      case 'signup':
        return { idempotencyKey: key, ...(await this.signup(tx, item.payload, tillId, now)) };
      case 'consent':
        await this.consent(tx, item.payload, tillId, now);
        return { idempotencyKey: key, status: 'accepted' };
      case 'receipt_delivery':
        return this.receiptDelivery(tx, key, item.payload, tillId, now);
    }
  }

  /** Never logs the address: the answer and the ledger hold only the outcome. */
  private async receiptDelivery(tx: Sql, key: string, payload: ReceiptDeliveryPayload, tillId: string, now: number): Promise<UploadResult> {
    const at = await this.attach(tx, payload.profileId);
    const outcome = await this.receiptDeliveries.record(tx, key, payload, at.profileId, tillId, now);
    if (outcome === 'accepted') return { idempotencyKey: key, status: 'accepted' };
    return { idempotencyKey: key, status: 'rejected', reason: 'no_contact', detail: `the member has no ${payload.channel === 'sms' ? 'phone number' : 'e-mail address'} on file` };
  }

  private async signup(tx: Sql, payload: SignupPayload, tillId: string, now: number): Promise<Pick<UploadResult, 'status' | 'mapping'>> {
    const [known] = await tx.query<{ profile_id: string }>('SELECT profile_id FROM provisional_mappings WHERE provisional_id = $1', [payload.provisionalId]);
    if (known) return { status: 'duplicate', mapping: { provisionalId: payload.provisionalId, profileId: known.profile_id } };

    let profileId: string | null = null;
    for (const kind of MATCH_ORDER) {
      for (const id of payload.identifiers) {
        if (profileId === null && id.kind === kind) profileId = await this.mirror.findByIdentifier(tx, id.kind, id.value);
      }
    }
    const tuples = payload.identifiers.map((i): IdentifierTuple => [i.kind, i.value]);
    if (profileId === null) {
      profileId = await this.mirror.createLocal(tx, {
        firstName: payload.firstName, lastName: null, displayName: payload.firstName, tier: 'member', pointsBalance: 0, pointsAsOf: now, identifiers: tuples,
      }, now);
      // A new member to the hub: the CRM makes its own id for it (or matches one it knows), delivered later.
      await this.crmQueue?.enqueueSignup(tx, payload, profileId, tillId, now);
    } else {
      const state = await this.mirror.get(tx, profileId);
      if (state) {
        const held = new Set(state.identifiers.map(([k, v]) => `${k}\u0000${v}`));
        const free: IdentifierTuple[] = [];
        for (const t of tuples) {
          if (!held.has(`${t[0]}\u0000${t[1]}`) && (await this.mirror.findByIdentifier(tx, t[0], t[1])) === null) free.push(t);
        }
        const firstName = state.firstName ?? payload.firstName;
        if (free.length > 0 || firstName !== state.firstName) {
          await this.mirror.save(tx, { ...state, firstName, displayName: state.displayName ?? firstName, identifiers: [...state.identifiers, ...free] }, now);
          // The CRM has the member (no new contact), but must learn what the till added, or its next change would undo it.
          await this.crmQueue?.enqueueMatchedSignup(tx, payload.provisionalId, profileId, {
            firstName: firstName === state.firstName ? null : firstName, identifiers: free.map(([kind, value]) => ({ kind, value })),
          }, tillId, now);
        }
      }
    }
    await tx.query('INSERT INTO provisional_mappings (provisional_id, profile_id, till_id, at) VALUES ($1, $2, $3, $4)', [payload.provisionalId, profileId, tillId, now]);
    const pending = await tx.query<{ receipt_id: string; payload: string }>('SELECT receipt_id, payload FROM receipts WHERE pending_ref = $1', [payload.provisionalId]);
    await tx.query('UPDATE receipts SET profile_id = $1, pending_ref = NULL WHERE pending_ref = $2', [profileId, payload.provisionalId]);
    const consents = await tx.query<{ id: number }>('UPDATE consents SET profile_id = $1, pending_ref = NULL WHERE pending_ref = $2 RETURNING id', [profileId, payload.provisionalId]);
    // Any that gave up waiting for this sign-up (signup_never_arrived) are owed again.
    await this.crmQueue?.requeueGaveUpOnSignup(tx, pending.map((r) => r.receipt_id), consents.map((r) => Number(r.id)), now);
    const points = pending.reduce((sum, r) => sum + pointsFor((JSON.parse(r.payload) as ReceiptPayload).total), 0);
    await this.mirror.creditPoints(tx, profileId, points, now);
    return { status: 'accepted', mapping: { provisionalId: payload.provisionalId, profileId } };
  }

  private async consent(tx: Sql, payload: ConsentPayload, tillId: string, now: number): Promise<void> {
    const at = await this.attach(tx, payload.profileId);
    // A consent for an erased person has nobody to belong to: accepted, and nothing kept.
    if (at.profileId === null && at.pendingRef === null) return;
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO consents (profile_id, pending_ref, purpose, granted, at, source, version, till_id, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
      [at.profileId, at.pendingRef, payload.purpose, payload.granted, payload.at, payload.source, payload.version ?? null, tillId, now],
    );
    // Owed to the CRM like a receipt: delivered once its member is the CRM's (a pending sign-up first).
    if (row !== undefined) await this.crmQueue?.enqueueConsent(tx, Number(row.id), tillId, now);
  }

  private async attach(tx: Sql, ref: string | null): Promise<Attachment> {
    return attachment(ref, ref === null ? undefined : await this.mirror.resolveRef(tx, ref));
  }
}

/** What the protocol knows of an item, or why it is refused. */
function parseItem(item: UploadItemEnvelope): Parsed {
  const key = item.idempotencyKey;
  if (!UploadKindSchema.safeParse(item.kind).success) {
    return { rejected: { idempotencyKey: key, status: 'rejected', reason: 'unknown_kind', detail: 'kind must be receipt, signup, consent or receipt_delivery' } };
  }
  const parsed = UploadItemSchema.safeParse(item);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
    return { rejected: { idempotencyKey: key, status: 'rejected', reason: 'invalid_payload', detail: detail.slice(0, 1000) } };
  }
  return { item: parsed.data };
}
