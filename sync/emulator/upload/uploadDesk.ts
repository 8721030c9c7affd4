import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from 'pino';
import { UploadItemSchema, UploadKindSchema } from '../../protocol';
import type { ConsentPayload, ReceiptDeliveryPayload, ReceiptPayload, SignupPayload, UploadItemEnvelope, UploadResult } from '../../protocol';
import type { ReceiptDeliveryDesk } from '../receiptDelivery/receiptDeliveryDesk';
import { pointsFor } from '../store/crmProfiles';
import type { CrmProfiles } from '../store/crmProfiles';
import { profileIdOf, seqOfProfileId } from '../store/profileIds';
import type { Attachment, ReceiptLedger } from '../store/receiptLedger';

/** What the CRM did with a batch, for stats. */
export interface UploadTally {
  accepted: number;
  duplicate: number;
  rejected: number;
}

/** The order in which a sign-up's identifiers are matched against existing profiles. */
const MATCH_ORDER = ['phone', 'email', 'card', 'member_number'] as const;

/**
 * Answers upload batches: each item on its own, the whole batch committed in one transaction before the
 * answer is written. Every key's first result is stored and replayed, so a retried batch is harmless.
 */
export class UploadDesk {
  private readonly s;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly profiles: CrmProfiles,
    private readonly ledger: ReceiptLedger,
    private readonly deliveries: ReceiptDeliveryDesk,
    private readonly logger: Logger,
  ) {
    this.s = {
      result: db.prepare<[string], string>('SELECT result_json FROM idempotency_keys WHERE idempotency_key = ?').pluck(),
      remember: db.prepare<[string, string, string, string, number]>(
        'INSERT INTO idempotency_keys (idempotency_key, device_id, kind, result_json, at) VALUES (?, ?, ?, ?, ?)',
      ),
      mapping: db.prepare<[string], number>('SELECT profile_seq FROM provisional_mappings WHERE provisional_id = ?').pluck(),
      map: db.prepare<[string, number, string, number]>('INSERT INTO provisional_mappings (provisional_id, profile_seq, device_id, at) VALUES (?, ?, ?, ?)'),
      keyCount: db.prepare<[], number>('SELECT count(*) FROM idempotency_keys').pluck(),
    };
  }

  process(items: readonly UploadItemEnvelope[], deviceId: string, now: number): UploadResult[] {
    return this.db.transaction((): UploadResult[] => items.map((item) => this.answer(item, deviceId, now)))();
  }

  idempotencyKeyCount(): number {
    return this.s.keyCount.get() ?? 0;
  }

  private answer(item: UploadItemEnvelope, deviceId: string, now: number): UploadResult {
    const seen = this.s.result.get(item.idempotencyKey);
    if (seen !== undefined) {
      const first = JSON.parse(seen) as UploadResult;
      return first.status === 'rejected' ? first : { ...first, status: 'duplicate' };
    }
    const result = this.firstAnswer(item, deviceId, now);
    this.s.remember.run(item.idempotencyKey, deviceId, item.kind, JSON.stringify(result), now);
    this.logger.debug({ kind: item.kind, status: result.status, reason: result.reason }, 'upload item answered');
    return result;
  }

  private firstAnswer(item: UploadItemEnvelope, deviceId: string, now: number): UploadResult {
    const key = item.idempotencyKey;
    if (!UploadKindSchema.safeParse(item.kind).success) {
      return { idempotencyKey: key, status: 'rejected', reason: 'unknown_kind', detail: 'kind must be receipt, signup, consent or receipt_delivery' };
    }
    const parsed = UploadItemSchema.safeParse(item);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
      return { idempotencyKey: key, status: 'rejected', reason: 'invalid_payload', detail: detail.slice(0, 1000) };
    }
    const typed = parsed.data;
    switch (typed.kind) {
      case 'receipt':
        return { idempotencyKey: key, status: this.receipt(typed.payload, deviceId, now) };
      case 'signup':
        return { idempotencyKey: key, ...this.signup(typed.payload, deviceId, now) };
      case 'consent':
        this.consent(typed.payload, deviceId, now);
        return { idempotencyKey: key, status: 'accepted' };
      case 'receipt_delivery':
        return this.receiptDelivery(key, typed.payload, deviceId, now);
    }
  }

  /** Never logs the address: the answer and the ledger hold only the outcome. */
  private receiptDelivery(key: string, payload: ReceiptDeliveryPayload, deviceId: string, now: number): UploadResult {
    const at = this.attach(payload.profileId);
    const outcome = this.deliveries.record(key, payload, at.profileSeq, deviceId, now);
    if (outcome === 'accepted') return { idempotencyKey: key, status: 'accepted' };
    return { idempotencyKey: key, status: 'rejected', reason: 'no_contact', detail: `the member has no ${payload.channel === 'sms' ? 'phone number' : 'e-mail address'} on file` };
  }

  private receipt(payload: ReceiptPayload, deviceId: string, now: number): 'accepted' | 'duplicate' {
    if (this.ledger.hasReceipt(payload.receiptId)) return 'duplicate';
    const at = this.attach(payload.profileId);
    this.ledger.addReceipt(payload, at, deviceId, now);
    if (at.profileSeq !== null) this.profiles.creditPoints(at.profileSeq, pointsFor(payload.total), now);
    return 'accepted';
  }

  private signup(payload: SignupPayload, deviceId: string, now: number): Pick<UploadResult, 'status' | 'mapping'> {
    const known = this.s.mapping.get(payload.provisionalId);
    if (known !== undefined) return { status: 'duplicate', mapping: { provisionalId: payload.provisionalId, profileId: profileIdOf(known) } };

    const store = this.profiles.store;
    let seq: number | null = null;
    for (const kind of MATCH_ORDER) {
      for (const id of payload.identifiers) {
        if (seq === null && id.kind === kind) seq = store.identifiers.find(id.kind, id.value);
      }
    }
    if (seq === null) {
      const created = this.profiles.create({
        firstName: payload.firstName, lastName: null, displayName: payload.firstName, tier: 'member',
        pointsBalance: 0, pointsAsOf: now, identifiers: payload.identifiers.map((i) => [i.kind, i.value]),
      }, now);
      // Cannot be taken: no identifier matched above, inside this same transaction.
      if (!created.ok) throw new Error('sign-up identifiers taken after matching none');
      seq = created.seq;
    } else {
      const state = store.get(seq);
      if (state) {
        const free = payload.identifiers.filter((i) => store.identifiers.find(i.kind, i.value) === null);
        const firstName = state.firstName ?? payload.firstName;
        if (free.length > 0 || firstName !== state.firstName) {
          this.profiles.save({
            ...state, firstName, displayName: state.displayName ?? firstName,
            identifiers: [...state.identifiers, ...free.map((i): [typeof i.kind, string] => [i.kind, i.value])],
          }, now);
        }
      }
    }
    this.s.map.run(payload.provisionalId, seq, deviceId, now);
    const linkedTotals = this.ledger.linkPending(payload.provisionalId, seq);
    this.profiles.creditPoints(seq, linkedTotals.reduce((sum, t) => sum + pointsFor(t), 0), now);
    return { status: 'accepted', mapping: { provisionalId: payload.provisionalId, profileId: profileIdOf(seq) } };
  }

  private consent(payload: ConsentPayload, deviceId: string, now: number): void {
    const at = this.attach(payload.profileId);
    // A consent for an erased person has nobody to belong to: accepted, and nothing kept.
    if (at.profileSeq === null && at.pendingRef === null) return;
    this.ledger.addConsent(payload, at, deviceId, now);
  }

  /**
   * Resolves a till's profile reference: a provisional id through its sign-up mapping, a merged-away id
   * to the survivor, an erased id to nothing. An id not known yet is held until a sign-up maps it.
   */
  private attach(ref: string | null): Attachment {
    if (ref === null) return { profileSeq: null, pendingRef: null };
    const seq = this.s.mapping.get(ref) ?? seqOfProfileId(ref);
    if (seq === null) return { profileSeq: null, pendingRef: ref };
    const resolved = this.profiles.store.resolve(seq);
    if (resolved === 'erased') return { profileSeq: null, pendingRef: null };
    if (resolved === 'unknown') return { profileSeq: null, pendingRef: ref };
    return { profileSeq: resolved, pendingRef: null };
  }
}
