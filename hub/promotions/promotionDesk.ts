import type { Logger } from 'pino';
import { writeTransaction } from '../db/sql';
import type { HubDatabase, Sql } from '../db/sql';
import type { ConnectorAnswer, CrmConnector } from '../connectors/crmConnector';
import type { MemberQrKeyring } from '../keys/memberQrKeyring';
import type { MemberMirror } from '../mirror/memberMirror';
import { mergeTree } from '../summary/mergeTree';
import { keepAnswer, keptAnswer } from '../upload/keptAnswers';
import { promotionProofOf } from '../../sync/protocol';
import type { OfferUnavailableReason, PromotionRedemption, PromotionRedemptionRequest, StepUpProofProblem } from '../../sync/protocol';
import { checkMemberQrProof } from './memberQrProof';
import { checkStepUpProof } from './stepUpProof';

/** A decided answer: stored under its key and replayed as is. */
export type PromotionAnswer =
  | { outcome: 'redeemed'; redemption: PromotionRedemption }
  | { outcome: 'offer_not_available'; reason: OfferUnavailableReason };

/** Everything a request may get; only PromotionAnswer is stored (the others may change on a retry). */
export type PromotionReply =
  | PromotionAnswer
  | { outcome: 'step_up_required'; reason: StepUpProofProblem }
  | { outcome: 'unknown_profile' }
  | { outcome: 'in_progress' }
  | { outcome: 'crm_unavailable' }
  | { outcome: 'key_reused' };

/** What a request asked, kept beside its answer (upload/keptAnswers.ts). */
type Asked = { profileId: string; offerId: string; receiptId: string | null };

interface ClaimRow {
  state: 'pending' | 'unconfirmed' | 'redeemed';
  idempotency_key: string | null;
  unconfirmed_key: string | null;
  updated_at: number;
  /** When a pending attempt's request went to the CRM (a connector that `marksSending`); null before. */
  sent_at: number | null;
}

/** What the first transaction decided: an answer now, or a claim to take to the CRM. */
type Claimed = { reply: PromotionReply } | { profileId: string; unconfirmedKey: string | null; profileIds: string[] };

const KIND = 'promotion_redemption';
/** The hub's own offers (the admin API's `member_offers`): `offer-<id>`. */
const HUB_OFFER = /^offer-([1-9]\d{0,17})$/;
/** A `pending` claim older than this was left by a hub process that died while asking the CRM: its answer is unknown. */
export const PENDING_CLAIM_HOLD_MS = 60_000;

/**
 * Redeems members' offers, once per idempotency key and once per offer, behind a proof the hub checks itself (a
 * step-up verification it ran, or a member QR signed with its keys).
 * Three steps so that no transaction waits for the CRM: (1) in one write transaction, replay a known key, check the
 * step-up proof and claim the offer (`pending`; a second till meanwhile gets `in_progress`, one already redeemed
 * `offer_not_available`); (2) ask the CRM (the connector's `promotions`), or decide a hub offer at once; (3) record
 * the outcome. The CRM not confirming answers `crm_unavailable`: nothing is recorded as spent and nothing is queued,
 * but the claim stays `unconfirmed` under that key, so that a retry under it that the CRM answers "already redeemed"
 * is known to be that attempt's own success.
 */
export class PromotionDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly mirror: MemberMirror,
    private readonly keyring: MemberQrKeyring,
    private readonly connector: CrmConnector | null,
    private readonly logger: Logger,
  ) {}

  async redeem(tillId: string, request: PromotionRedemptionRequest, now: number): Promise<PromotionReply> {
    const asked: Asked = { profileId: request.profileId, offerId: request.offerId, receiptId: request.receiptId ?? null };
    const claimed = await writeTransaction(this.db, (tx) => this.claim(tx, tillId, request, asked, now));
    if ('reply' in claimed) return claimed.reply;
    const hubOffer = HUB_OFFER.exec(request.offerId);
    let sent = false;
    const answer: ConnectorAnswer<{ title: string }> = hubOffer
      ? await this.hubOffer(claimed.profileId, hubOffer[1] as string, now)
      : this.connector?.promotions
        ? await this.connector.promotions.redeem(claimed.profileIds, request.offerId, now, {
          resumed: claimed.unconfirmedKey === request.idempotencyKey,
          sending: async () => {
            await this.markSending(claimed.profileId, request, Date.now());
            sent = true;
          },
        }).catch((): ConnectorAnswer<{ title: string }> => ({ status: 'retry_later', reason: 'connector_failed' }))
        : { status: 'rejected', reason: 'not_at_pos' };
    // A connector that marks what it sends and never called `sending` never asked the CRM: nothing can have been applied.
    const unsent = this.connector?.promotions?.marksSending === true && !sent;
    const reply = await writeTransaction(this.db, (tx) => this.settle(tx, tillId, request, asked, claimed, answer, unsent, now));
    this.logger.info({ outcome: reply.outcome, tillId, crm: answer.status === 'rejected' || answer.status === 'retry_later' ? answer.reason : answer.status }, 'promotion redemption answered');
    return reply;
  }

  private async claim(tx: Sql, tillId: string, request: PromotionRedemptionRequest, asked: Asked, now: number): Promise<Claimed> {
    const kept = await keptAnswer<Asked, PromotionAnswer>(tx, request.idempotencyKey, KIND, asked);
    if (kept !== null) return { reply: kept };
    const resolved = await this.mirror.resolveRef(tx, request.profileId);
    if (!('profileId' in resolved)) return { reply: { outcome: 'unknown_profile' } };
    const profileId = resolved.profileId;
    const given = promotionProofOf(request);
    const proof = given.kind === 'member_qr'
      ? await checkMemberQrProof(tx, this.mirror, this.keyring, given.token, profileId, now)
      : await checkStepUpProof(tx, this.mirror, tillId, given.verificationId, profileId, now);
    if (!proof.ok) return { reply: { outcome: 'step_up_required', reason: proof.reason } };
    const [row] = await tx.query<ClaimRow>(
      'SELECT state, idempotency_key, unconfirmed_key, updated_at, sent_at FROM promotion_redemptions WHERE profile_id = $1 AND offer_id = $2 FOR UPDATE',
      [profileId, request.offerId],
    );
    if (row?.state === 'redeemed') {
      const answer: PromotionAnswer = { outcome: 'offer_not_available', reason: 'already_redeemed' };
      await keepAnswer(tx, request.idempotencyKey, tillId, KIND, asked, answer, now);
      return { reply: answer };
    }
    const abandoned = row?.state === 'pending' && Number(row.updated_at) < now - PENDING_CLAIM_HOLD_MS;
    if (row?.state === 'pending' && !abandoned) return { reply: { outcome: 'in_progress' } };
    // An attempt left pending by a hub process that died: its request may have reached the CRM, unless the connector
    // marks what it sends and this one never got that far (then it was no attempt at all).
    const abandonedUnsent = abandoned && this.connector?.promotions?.marksSending === true && row.sent_at === null;
    // The last attempt whose answer was lost: its key, kept while this attempt asks the CRM.
    const unconfirmedKey = row === undefined ? null : row.state === 'unconfirmed' || (abandoned && !abandonedUnsent) ? row.idempotency_key : row.unconfirmed_key;
    await tx.query(
      `INSERT INTO promotion_redemptions (offer_id, profile_id, state, idempotency_key, unconfirmed_key, till_id, updated_at, sent_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6, NULL)
       ON CONFLICT (profile_id, offer_id) DO UPDATE SET state = 'pending', idempotency_key = $3, unconfirmed_key = $4, till_id = $5, updated_at = $6, sent_at = NULL`,
      [request.offerId, profileId, request.idempotencyKey, unconfirmedKey, tillId, now],
    );
    return { profileId, unconfirmedKey, profileIds: await mergeTree(tx, profileId) };
  }

  /** This attempt's request is about to go to the CRM: so marked, a claim its dying process leaves pending resumes. */
  private async markSending(profileId: string, request: PromotionRedemptionRequest, at: number): Promise<void> {
    const marked = await this.db.query<{ offer_id: string }>(
      "UPDATE promotion_redemptions SET sent_at = $4 WHERE profile_id = $1 AND offer_id = $2 AND idempotency_key = $3 AND state = 'pending' RETURNING offer_id",
      [profileId, request.offerId, request.idempotencyKey, at],
    );
    // Another attempt took the claim over (this one was thought dead): this one must not send.
    if (marked.length !== 1) throw new Error('the claim is no longer this attempt\'s');
  }

  /** An offer the admin API added: the hub is its only record, so it is decided here. */
  private async hubOffer(profileId: string, id: string, now: number): Promise<ConnectorAnswer<{ title: string }>> {
    const [offer] = await this.db.query<{ title: string; valid_until: number | null }>('SELECT title, valid_until FROM member_offers WHERE id = $1 AND profile_id = $2', [id, profileId]);
    if (!offer) return { status: 'rejected', reason: 'not_found' };
    if (offer.valid_until !== null && Number(offer.valid_until) < now) return { status: 'rejected', reason: 'expired' };
    return { status: 'accepted', value: { title: offer.title } };
  }

  private async settle(
    tx: Sql, tillId: string, request: PromotionRedemptionRequest, asked: Asked,
    claimed: Extract<Claimed, { profileId: string }>, crm: ConnectorAnswer<{ title: string }>, unsent: boolean, now: number,
  ): Promise<PromotionReply> {
    const key = request.idempotencyKey;
    const setClaim = (state: ClaimRow['state'] | null, holder: string | null, unconfirmed: string | null): Promise<unknown> =>
      state === null
        ? tx.query('DELETE FROM promotion_redemptions WHERE profile_id = $1 AND offer_id = $2 AND idempotency_key = $3', [claimed.profileId, request.offerId, key])
        : tx.query('UPDATE promotion_redemptions SET state = $4, idempotency_key = $5, unconfirmed_key = $6, updated_at = $7 WHERE profile_id = $1 AND offer_id = $2 AND idempotency_key = $3', [
          claimed.profileId, request.offerId, key, state, holder, unconfirmed, now,
        ]);
    // Our own earlier attempt, whose answer was lost, is what the CRM now calls "already redeemed".
    const ours = crm.status === 'duplicate' && claimed.unconfirmedKey === key;
    let answer: PromotionAnswer;
    if (crm.status === 'accepted' || ours) {
      await setClaim('redeemed', key, null);
      const title = crm.status === 'accepted' || crm.status === 'duplicate' ? crm.value.title : '';
      answer = { outcome: 'redeemed', redemption: { status: 'redeemed', profileId: claimed.profileId, offerId: request.offerId, title, redeemedAt: now } };
    } else if (crm.status === 'duplicate') {
      // Redeemed before, elsewhere: an attempt of another key whose answer was lost keeps its claim to it.
      await setClaim(claimed.unconfirmedKey === null ? 'redeemed' : 'unconfirmed', claimed.unconfirmedKey, null);
      answer = { outcome: 'offer_not_available', reason: 'already_redeemed' };
    } else if (crm.status === 'rejected') {
      await (claimed.unconfirmedKey === null ? setClaim(null, null, null) : setClaim('unconfirmed', claimed.unconfirmedKey, null));
      answer = { outcome: 'offer_not_available', reason: refusal(crm.reason) };
    } else if (unsent) {
      // Not asked to redeem (a read before it failed): nothing can have been applied, so this attempt leaves no claim
      // that a retry could settle as its own; an earlier lost attempt keeps its claim.
      await (claimed.unconfirmedKey === null ? setClaim(null, null, null) : setClaim('unconfirmed', claimed.unconfirmedKey, null));
      return { outcome: 'crm_unavailable' };
    } else {
      // Not confirmed: maybe applied, maybe not. Nothing is spent here; a retry under this key settles it.
      await setClaim('unconfirmed', key, null);
      return { outcome: 'crm_unavailable' };
    }
    await keepAnswer(tx, key, tillId, KIND, asked, answer, now);
    return answer;
  }
}

function refusal(reason: string): OfferUnavailableReason {
  return reason === 'already_redeemed' || reason === 'expired' || reason === 'not_at_pos' ? reason : 'not_found';
}
