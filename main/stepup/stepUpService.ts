import type { Logger } from 'pino';
import type { StepUpClient, StepUpExchange } from '../../sync/client/stepUpClient';
import type { IdentifierKind, Profile } from '../../sync/cache/types';
import type { StepUpStatus as WireStatus, StepUpVerification } from '../../sync/protocol/stepUp';
import type { TillEvent } from '../api/contract/events';
import { PROMOTION_RULES } from '../../sync/protocol/promotionRedemption';
import type { Offer } from '../api/contract/profile';
import type {
  RedeemOfferAnswer, RedeemOfferRequest, RedeemPointsAnswer, RedeemPointsRequest, StepUpAction, StepUpCodeAnswer, StepUpFailureReason, StepUpMethod, StepUpView,
} from '../api/contract/stepUp';
import { TillFailure } from '../tillFailure';
import type { Assurance } from '../identify/types';
import type { PolicyDecision, StepUpPolicy } from './policy';
import { createPointsRedeemer } from './pointsRedeemer';
import { createOfferRedeemer } from './offerRedeemer';
import { offerStepUpRequired } from './offerProblems';
import { methodsForProfile } from './profileMethods';
import { offlineProblem, stepUpRequired } from './stepUpProblems';
import { toStepUpView } from './stepUpView';

/** The step-up service's view of the till's current customer (see createSessionCustomerPort). */
export interface StepUpCustomerPort {
  current(): { profileId: string; assurance: Assurance } | null;
  /** Raises the current customer to `verified` if it is still `profileId`; false when the customer changed. */
  raiseToVerified(profileId: string): boolean;
  /** Replaces the current customer's profile (a new balance) if it is still `profile.id`; false otherwise. */
  updateProfile(profile: Profile): boolean;
  /** The member QR that identified the current customer, if they are `profileId` and came that way (memory only); else null. */
  memberQrToken(profileId: string): string | null;
  /** Forgets that member QR (the CRM refused it as proof). */
  forgetMemberQrToken(profileId: string): void;
}

/** What the service reads and writes of the member cache (cache.profiles fits). */
export interface StepUpProfiles {
  findById(id: string): Profile | undefined;
  identifierKinds(id: string): IdentifierKind[];
  /** Stores a balance the CRM confirmed (ProfileRepository.updatePoints: identifiers untouched). */
  updatePoints(id: string, balance: number, asOf: number): boolean;
}

export interface StepUpServiceDeps {
  policy: StepUpPolicy;
  client: StepUpClient;
  customer: StepUpCustomerPort;
  profiles: StepUpProfiles;
  /** Whether the CRM can be reached now (the sync engine's status). Offline, no verification starts. */
  online: () => boolean;
  /** The till's event bus (`bus.publish`). */
  publish: (event: TillEvent) => void;
  logger: Logger;
  now?: () => number;
  /** The CRM's offers of the current customer (the summary holder), for offer redemption; without it none can be redeemed. */
  offers?: { held(profileId: string): readonly Offer[] | undefined; drop(profileId: string, offerId: string): void };
  /** Poll intervals in ms: BankID every second (its QR code changes every second), e-mail links every 2 s. */
  pollMs?: Partial<Record<'bankid' | 'email_link', number>>;
  /** Polls that may fail in a row before a verification is given up as offline (default 5). */
  maxFailedPolls?: number;
}

export interface StepUpService {
  /** Whether the current customer may do `action`, and if not, what would raise their assurance now. */
  check(action: StepUpAction): PolicyDecision;
  /** The current customer when their assurance allows `action`; otherwise throws 403 `step_up_required`. */
  require(action: StepUpAction): { profileId: string; assurance: Assurance };
  /**
   * Starts a verification of the current customer by `method`. `forOffer`: it is for an offer, so it may start for a
   * customer already `verified` whom no fresh verification proves to the CRM (a member QR it did not take).
   */
  start(method: StepUpMethod, options?: { forOffer?: boolean }): Promise<StepUpView>;
  submitCode(verificationId: string, code: string): Promise<StepUpCodeAnswer>;
  status(verificationId: string): Promise<StepUpView>;
  cancel(verificationId: string): Promise<void>;
  /**
   * Spends the current customer's points: the policy first (403 `step_up_required` below `verified`), then the CRM,
   * online only (503 `offline`). The cached balance and the current customer follow; `points.redeemed` is published.
   */
  redeemPoints(request: RedeemPointsRequest): Promise<RedeemPointsAnswer>;
  /**
   * Redeems one of the current customer's offers: online only (503 `offline`), with the verification that proved them
   * at this till in the last PROMOTION_RULES.stepUpMaxAgeMs as proof, else the member QR they identified with (403
   * `step_up_required` without either; the CRM checks it). `offer.redeemed` is published and the offer leaves the held
   * summary.
   */
  redeemOffer(request: RedeemOfferRequest): Promise<RedeemOfferAnswer>;
  /** Stops every poll (the till is shutting down). */
  close(): void;
}

interface Tracked {
  id: string;
  profileId: string;
  method: StepUpMethod;
  /** The CRM's last word (its status overridden locally when the till gave up on it). */
  verification: StepUpVerification;
  crmUnreachable: boolean;
  failedPolls: number;
  lastPolledAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  done: boolean;
}

/** Verifications kept for GET after they end (one till has one customer at a time: a handful is plenty). */
const KEEP_FINISHED = 20;
/** A verification the CRM never closed is given up this long after its expiry. */
const EXPIRY_GRACE_MS = 30_000;

function reasonFor(status: Exclude<WireStatus, 'pending'>): 'verified' | StepUpFailureReason {
  return status;
}

export function createStepUpService(deps: StepUpServiceDeps): StepUpService {
  const { policy, client, customer, profiles, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollMs = { bankid: deps.pollMs?.bankid ?? 1_000, email_link: deps.pollMs?.email_link ?? 2_000 };
  const maxFailedPolls = deps.maxFailedPolls ?? 5;
  const tracked = new Map<string, Tracked>();
  let active: Tracked | null = null;
  let closed = false;
  /** The last verification the CRM completed for a customer at this till, and when the till heard it: an offer's proof. */
  let proof: { profileId: string; verificationId: string; at: number } | null = null;

  function freshProof(profileId: string): string | null {
    if (!proof || proof.profileId !== profileId || now() - proof.at > PROMOTION_RULES.stepUpMaxAgeMs) return null;
    return proof.verificationId;
  }

  function requireCustomer(): { profileId: string; assurance: Assurance } {
    const current = customer.current();
    if (!current) throw new TillFailure('no_customer', 'There is no customer at the till: identify the customer first.');
    return current;
  }

  function methodsFor(profileId: string): StepUpMethod[] {
    const profile = profiles.findById(profileId);
    if (!profile) return [];
    return methodsForProfile({ status: profile.status, identifierKinds: profiles.identifierKinds(profileId) });
  }

  function check(action: StepUpAction): PolicyDecision {
    const current = requireCustomer();
    return policy.check(action, current.assurance, { methods: methodsFor(current.profileId), online: deps.online() });
  }

  function offlineError(current: Assurance): TillFailure {
    return offlineProblem(policy.allowedAt(current));
  }

  function crmRefused(outcome: StepUpExchange<unknown>['outcome']): TillFailure {
    if (outcome === 'not_enrolled') {
      return new TillFailure('not_enrolled', 'This till is not enrolled with a CRM, so it cannot verify customers: enrol it from the manager screen.');
    }
    return new TillFailure('crm_refused', 'The CRM refused the verification request. Try again; if it keeps failing, ask a manager to check the till’s enrolment.');
  }

  function view(t: Tracked): StepUpView {
    return toStepUpView(t.verification, { crmUnreachable: t.crmUnreachable });
  }

  function remember(t: Tracked): void {
    tracked.set(t.id, t);
    if (tracked.size <= KEEP_FINISHED) return;
    for (const [id, old] of tracked) {
      if (old.done) {
        tracked.delete(id);
        return;
      }
    }
  }

  function stopTimer(t: Tracked): void {
    if (t.timer !== null) clearTimeout(t.timer);
    t.timer = null;
  }

  /** Ends a verification once: raises the customer on success, tells the screens either way. Returns whether raised. */
  function finish(t: Tracked, outcome: 'verified' | StepUpFailureReason, localStatus?: WireStatus): boolean {
    if (t.done) return false;
    t.done = true;
    stopTimer(t);
    if (active === t) active = null;
    if (localStatus !== undefined && t.verification.status === 'pending') t.verification = { ...t.verification, status: localStatus };
    if (outcome === 'verified') {
      if (customer.raiseToVerified(t.profileId)) {
        proof = { profileId: t.profileId, verificationId: t.id, at: now() };
        logger.info({ verificationId: t.id, method: t.method, profileId: t.profileId }, 'step-up verified: customer raised to verified');
        deps.publish({ type: 'stepup.completed', verification: view(t), assurance: 'verified' });
        return true;
      }
      logger.info({ verificationId: t.id, method: t.method }, 'step-up verified, but the customer changed meanwhile');
      deps.publish({ type: 'stepup.failed', verification: view(t), reason: 'customer_changed' });
      return false;
    }
    logger.info({ verificationId: t.id, method: t.method, reason: outcome }, 'step-up ended');
    deps.publish({ type: 'stepup.failed', verification: view(t), reason: outcome });
    return false;
  }

  /** Takes the CRM's answer about `t`; false when it is not about `t` (a CRM bug: ignored). */
  function accept(t: Tracked, verification: StepUpVerification): boolean {
    if (verification.verificationId !== t.id || verification.profileId !== t.profileId || verification.method !== t.method) {
      logger.warn({ verificationId: t.id }, 'step-up: the CRM answered about another verification; ignored');
      return false;
    }
    const before = t.verification;
    const changed =
      verification.status !== before.status ||
      verification.triesLeft !== before.triesLeft ||
      verification.bankId?.hintCode !== before.bankId?.hintCode ||
      t.crmUnreachable;
    t.verification = verification;
    t.crmUnreachable = false;
    t.failedPolls = 0;
    if (verification.status !== 'pending') {
      finish(t, reasonFor(verification.status));
      return true;
    }
    // BankID's QR data changes every second: the customer-facing screen needs each one.
    if (changed || t.method === 'bankid') deps.publish({ type: 'stepup.updated', verification: view(t) });
    return true;
  }

  async function poll(t: Tracked): Promise<void> {
    if (t.done) return;
    const current = customer.current();
    if (!current || current.profileId !== t.profileId) {
      void client.cancel(t.id);
      finish(t, 'customer_changed', 'cancelled');
      return;
    }
    if (now() > t.verification.expiresAt + EXPIRY_GRACE_MS) {
      finish(t, 'expired', 'expired');
      return;
    }
    t.lastPolledAt = now();
    const exchange = await client.status(t.id);
    if (t.done) return;
    switch (exchange.outcome) {
      case 'answered':
        accept(t, exchange.answer);
        return;
      case 'unknown_verification':
        finish(t, 'failed', 'failed');
        return;
      default:
        t.failedPolls++;
        if (t.failedPolls >= maxFailedPolls) {
          finish(t, 'offline', 'failed');
          return;
        }
        if (!t.crmUnreachable) {
          t.crmUnreachable = true;
          deps.publish({ type: 'stepup.updated', verification: view(t) });
        }
    }
  }

  function schedule(t: Tracked): void {
    if (t.method === 'sms' || t.done || closed) return;
    t.timer = setTimeout(() => {
      t.timer = null;
      poll(t)
        .catch((error: unknown) => logger.error({ verificationId: t.id, err: error instanceof Error ? error.name : 'unknown' }, 'step-up poll failed'))
        .finally(() => schedule(t));
    }, pollMs[t.method]);
    t.timer.unref?.();
  }

  function find(verificationId: string): Tracked {
    const t = tracked.get(verificationId);
    if (!t) throw new TillFailure('step_up_not_found', 'No verification with this id was started at this till.');
    return t;
  }

  async function cancelTracked(t: Tracked): Promise<void> {
    if (t.done) return;
    const exchange = await client.cancel(t.id);
    if (exchange.outcome === 'answered' && !t.done) accept(t, exchange.answer);
    finish(t, 'cancelled', 'cancelled');
  }

  const redeem = createPointsRedeemer({
    requireAllowed: () => {
      const current = requireCustomer();
      const decision = check('redeem_points');
      if (!decision.allowed) throw stepUpRequired(decision);
      return current;
    },
    stillAllowed: (assurance) => policy.allowedAt(assurance),
    online: deps.online,
    redeem: (request) => client.redeem(request),
    profiles,
    refreshCustomer: (profile) => customer.updateProfile(profile),
    publish: deps.publish,
    logger,
  });

  const redeemOffer = createOfferRedeemer({
    requireCustomer,
    proof: (profileId) => {
      const verificationId = freshProof(profileId);
      if (verificationId !== null) return { kind: 'verification', verificationId };
      const token = customer.memberQrToken(profileId);
      return token === null ? null : { kind: 'member_qr', token };
    },
    forgetProof: (profileId, refused) => {
      if (refused.kind === 'member_qr') customer.forgetMemberQrToken(profileId);
      else if (proof?.profileId === profileId) proof = null;
    },
    stepUpRequired: (current) => {
      const online = deps.online();
      const methods = online ? policy.config.methods.filter((m) => methodsFor(current.profileId).includes(m)) : [];
      return offerStepUpRequired({ current: current.assurance, methods, offline: !online, stillAllowed: policy.allowedAt(current.assurance) });
    },
    stillAllowed: (assurance) => policy.allowedAt(assurance),
    online: deps.online,
    offers: (profileId) => deps.offers?.held(profileId),
    dropOffer: (profileId, offerId) => deps.offers?.drop(profileId, offerId),
    redeem: (request) => client.redeemPromotion(request),
    publish: deps.publish,
    logger,
  });

  return {
    check,

    require(action) {
      const current = requireCustomer();
      const decision = check(action);
      if (!decision.allowed) throw stepUpRequired(decision);
      return current;
    },

    async start(method, options = {}) {
      const current = requireCustomer();
      const offerNeedsProof = options.forOffer === true && freshProof(current.profileId) === null;
      if (current.assurance === 'verified' && !offerNeedsProof) throw new TillFailure('already_verified', 'The customer is already verified: go ahead.');
      if (!deps.online()) throw offlineError(current.assurance);
      const methods = policy.config.methods.filter((m) => methodsFor(current.profileId).includes(m));
      if (!methods.includes(method)) {
        throw new TillFailure('method_unavailable', methods.length > 0
            ? `That way of verifying is not available for this customer. Use one of: ${methods.join(', ')}.`
            : 'This customer cannot be verified by the CRM yet (a new member not yet synced): scan the member QR code in the app instead.',
          { methods },
        );
      }
      if (active) await cancelTracked(active);

      const exchange = await client.start({ profileId: current.profileId, method });
      if (exchange.outcome === 'offline') throw offlineError(current.assurance);
      if (exchange.outcome !== 'answered') throw crmRefused(exchange.outcome);
      const answer = exchange.answer;
      if (answer.outcome === 'rate_limited') {
        const minutes = Math.ceil(answer.retryAfterSeconds / 60);
        throw new TillFailure('step_up_rate_limited', `Too many verifications were sent to this customer recently. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or choose another way.`,
          { retryAfterSeconds: answer.retryAfterSeconds },
        );
      }
      const verification = answer.verification;
      if (verification.profileId !== current.profileId || verification.method !== method) {
        throw new TillFailure('crm_refused', 'The CRM answered about another verification. Try again.');
      }
      const t: Tracked = {
        id: verification.verificationId, profileId: current.profileId, method, verification,
        crmUnreachable: false, failedPolls: 0, lastPolledAt: now(), timer: null, done: false,
      };
      remember(t);
      active = t;
      logger.info({ verificationId: t.id, method, profileId: t.profileId }, 'step-up started');
      deps.publish({ type: 'stepup.started', verification: view(t) });
      if (verification.status !== 'pending') finish(t, reasonFor(verification.status));
      else schedule(t);
      return view(t);
    },

    async submitCode(verificationId, code) {
      const t = find(verificationId);
      if (t.method !== 'sms') throw new TillFailure('not_a_code_verification', 'This verification does not take a code: it follows the e-mail link or BankID.');
      if (t.done) {
        const status = t.verification.status;
        return { result: status === 'expired' || status === 'too_many_tries' ? status : 'not_pending', verification: view(t) };
      }
      const exchange = await client.submitCode(verificationId, code);
      if (exchange.outcome === 'offline') {
        throw offlineProblem(policy.allowedAt(customer.current()?.assurance ?? 'claimed'), 'The till lost the CRM, so the code was not checked. Try again in a moment.');
      }
      if (exchange.outcome === 'unknown_verification') {
        finish(t, 'failed', 'failed');
        throw new TillFailure('step_up_not_found', 'The CRM no longer knows this verification: start a new one.');
      }
      if (exchange.outcome !== 'answered') throw crmRefused(exchange.outcome);
      const { result, verification } = exchange.answer;
      if (!accept(t, verification)) throw new TillFailure('crm_refused', 'The CRM answered about another verification. Try again.');
      if (result === 'verified' && t.verification.status === 'verified') {
        const current = customer.current();
        if (!current || current.profileId !== t.profileId || current.assurance !== 'verified') {
          throw new TillFailure('customer_changed', 'The code was right, but the customer at the till changed meanwhile. Identify the customer again.');
        }
      }
      return { result, verification: view(t) };
    },

    async status(verificationId) {
      const t = find(verificationId);
      const stale = t.method === 'sms' ? now() > t.verification.expiresAt : now() - t.lastPolledAt >= pollMs[t.method];
      if (!t.done && stale) await poll(t);
      return view(t);
    },

    async cancel(verificationId) {
      await cancelTracked(find(verificationId));
    },

    redeemPoints: (request) => redeem(request),
    redeemOffer: (request) => redeemOffer(request),

    close() {
      closed = true;
      for (const t of tracked.values()) stopTimer(t);
    },
  };
}
