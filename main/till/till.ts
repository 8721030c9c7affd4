import type { Logger } from 'pino';
import type { MemberCache, Profile } from '../../sync/cache';
import type { ScanEvent } from '../../drivers/scanEvent';
import type { TillConfig } from '../config/tillConfig';
import { createIdentifier } from '../identify/identify';
import { normaliseEmail } from '../identify/email';
import { normalisePhone } from '../identify/phone';
import { isProductGtin } from '../identify/productGtin';
import { ASSURANCE_ORDER, type IdentifyResult, type InputSource } from '../identify/types';
import { trimInput } from '../identify/inputText';
import type { IdentifyResponse } from '../api/contract/identify';
import type { MemberListLoading } from '../api/contract/memberList';
import type { SignupRequest } from '../api/contract/signup';
import type { ReceiptRequest } from '../api/contract/receipt';
import type { CrmSummary, ProfileView } from '../api/contract/profile';
import { TillFailure } from '../tillFailure';
import type { TillCore } from './ports/tillCore';
import { TILLID_VERSION } from '../version';
import { createCacheMemberKeyRing } from './cacheMemberKeyRing';
import { CustomerSession } from './customerSession';
import type { CrmSummaryReader } from './crmSummaryHolder';
import type { MemberLookupFetch } from '../../sync/client/memberLookupClient';
import type { IdentifierKind } from '../../sync/cache/types';
import { TillEventBus } from './eventBus';
import { toProfileSummary } from './profileSummary';
import { fromMinorUnits, toReceiptRecord } from './receiptRecord';
import type { CountryCode } from 'libphonenumber-js';

/** What the till needs of the sync engine; absent when the till runs without a CRM. */
export interface SyncPort {
  status(): Record<string, unknown> & { online: boolean };
  /** `status().online`, cheaply: asked on every identification. */
  online(): boolean;
  syncNow(): Promise<Record<string, unknown>>;
  /** Something was queued: push soon. */
  notifyOutbox(): void;
  /** How far the first copy of the member list is while it loads; undefined once complete (or with no CRM). */
  memberList(): MemberListLoading | undefined;
}

/** What the till needs of the scanner layer. */
export interface DevicesPort {
  list(): unknown[];
}

export interface TillDeps {
  cache: MemberCache;
  config: TillConfig;
  logger: Logger;
  /** A name for this till in consent sources and logs, e.g. its device id after enrolment. */
  tillId: () => string;
  /** The event bus and the current customer, when the composition made them first (the CRM summary holder needs both). */
  bus?: TillEventBus;
  session?: CustomerSession;
  sync?: SyncPort;
  devices?: DevicesPort;
  /** The CRM's summary of the current customer (offers, purchases in any channel), held in memory only. */
  crmSummary?: CrmSummaryReader;
  /**
   * Asks the CRM side for a member the cache does not hold (POST /sync/v1/lookup, within its time budget); a found
   * member is in the cache when it answers. Asked only while the sync engine is online. Never throws.
   */
  lookUpMember?: (identifier: { kind: IdentifierKind; value: string }) => Promise<MemberLookupFetch>;
  now?: () => number;
}

export interface Till extends TillCore {
  bus: TillEventBus;
  /** The current customer (step-up verification raises its assurance). */
  customerSession: CustomerSession;
  /** A scan from any device: identify it, make the person the customer, tell the POS and the screen. */
  handleScan(scan: ScanEvent): Promise<IdentifyResponse>;
  /** The CRM erased, merged or re-identified profiles: the current customer follows. */
  applyProfileChanges(changes: ProfileChanges): void;
}

/** Profile ids the sync engine changed (see sync/client ProfileChanges). */
export interface ProfileChanges {
  erased: string[];
  merged: Array<{ from: string; into: string }>;
  mapped: Array<{ provisionalId: string; profileId: string }>;
}

/** The till core: identification, the current customer, sign-ups and receipts over the member cache. */
export function createTill(deps: TillDeps): Till {
  const { cache, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const bus = deps.bus ?? new TillEventBus();
  const session = deps.session ?? new CustomerSession(config.session.idleSeconds * 1000, now, () => bus.publish({ type: 'session.cleared', reason: 'timeout' }));
  const identifyInput = createIdentifier({
    config: config.identify,
    keys: createCacheMemberKeyRing(cache.memberKeys, now),
    nonces: cache.nonces,
    now,
    findByIdentifier: (kind, value) => cache.profiles.findByIdentifier(kind, value),
    findById: (id) => cache.profiles.findById(id),
    onInternalError: (error) => logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'identify failed internally'),
  });

  function toResponse(result: IdentifyResult): IdentifyResponse {
    switch (result.result) {
      case 'identified':
        return { result: 'identified', kind: result.kind, assurance: result.assurance, profile: toProfileSummary(result.profile) };
      case 'not_found': {
        const memberList = deps.sync?.memberList();
        return { result: 'not_found', kind: result.kind, assurance: result.assurance, ...(memberList ? { memberList } : {}) };
      }
      case 'rejected':
        return { result: 'rejected', kind: result.kind, reason: result.reason };
      case 'ignored':
        return { result: 'ignored', kind: 'unknown' };
    }
  }

  /**
   * The local answer synchronously (a hit, a rejection, a miss while offline: its events are out before this returns),
   * or, for a miss of an identifier while online, a promise of the CRM side's answer within the lookup budget.
   */
  function identifyNow(input: string, source: InputSource): IdentifyResponse | Promise<IdentifyResponse> {
    const result = identifyInput(input, source);
    // The member QR that identifies is the customer's proof for an offer (held in the session's memory only).
    const memberQrToken = result.kind === 'member_qr' && result.result !== 'rejected' ? trimInput(input) : undefined;
    const lookUpMember = deps.lookUpMember;
    if (result.result === 'not_found' && result.identifier !== undefined && lookUpMember !== undefined && online()) {
      const { kind, assurance, identifier } = result;
      // Whoever this is, the cache does not know them as the customer before: a receipt sent while the CRM side is
      // asked is nobody's, not that customer's.
      forgetEarlierCustomer();
      // Any change of the customer from here on (someone identified, the session cleared, a sign-up) overtakes this.
      const ticket = session.generation;
      return lookUpMember(identifier).then((remote) => {
        if (ticket !== session.generation) {
          // Someone else was presented meanwhile and is the customer now; this member is cached for next time.
          logger.info({ source, kind, result: 'not_found', lookup: remote.outcome, overtaken: true }, 'identify');
          return { result: 'not_found', kind, assurance };
        }
        if (remote.outcome === 'found') return settle({ result: 'identified', kind, assurance, profile: remote.profile }, source, remote.outcome, memberQrToken);
        if (remote.outcome === 'several') {
          logger.info({ source, kind, result: 'ambiguous', lookup: remote.outcome }, 'identify');
          bus.publish({ type: 'identify.ambiguous', kind, source });
          return { result: 'ambiguous', kind, assurance };
        }
        return settle(result, source, remote.outcome);
      });
    }
    return settle(result, source, undefined, memberQrToken);
  }

  /**
   * Someone presented an identifier that no member in the cache has (and then no one member on the CRM side either):
   * whoever was the customer before is not the one at the till now, and the next receipt sent without a profile must
   * not go to them. A rejected QR or card (expired, forged, a bad check digit) may be that same customer's, and a
   * product code is nobody's: those keep the session.
   */
  function forgetEarlierCustomer(): void {
    if (session.clear()) bus.publish({ type: 'session.cleared', reason: 'replaced' });
  }

  /** Answers an identification: the session, the events and the log line. */
  function settle(result: IdentifyResult, source: InputSource, lookup?: MemberLookupFetch['outcome'], memberQrToken?: string): IdentifyResponse {
    const response = toResponse(result);
    logger.info({ source, kind: response.kind, result: response.result, reason: response.reason, ...(lookup ? { lookup } : {}) }, 'identify');
    if (result.result === 'identified') {
      const current = session.raise(result.profile, result.kind, result.assurance, ASSURANCE_ORDER, memberQrToken);
      // The screen's whole view rides on the event, so it never asks for the profile again.
      bus.publish({ type: 'identified', ...viewOf(current.profile), kind: current.kind, assurance: current.assurance, source });
      return { ...response, assurance: current.assurance };
    }
    if (result.result === 'not_found') {
      forgetEarlierCustomer();
      bus.publish({ type: 'identify.not_found', kind: result.kind, source, ...(response.memberList ? { memberList: response.memberList } : {}) });
    }
    if (result.result === 'rejected') bus.publish({ type: 'identify.rejected', kind: result.kind, reason: result.reason, source });
    return response;
  }

  /** The `scan` event after a scan's identification: a product code's label, of anything else only its length. */
  function publishScan(scan: ScanEvent, response: IdentifyResponse): IdentifyResponse {
    bus.publish({
      type: 'scan',
      deviceId: scan.deviceId,
      transport: scan.transport,
      symbology: scan.symbology,
      kind: response.kind,
      result: response.result,
      // Only a plain product code is passed on; of anything else the POS learns the kind and length. A label the
      // identifier ignored may still be personal (a 16-digit card number, a MECARD, SMSTO:+46…).
      ...(response.result === 'ignored' && isProductGtin(scan.label) ? { label: scan.label } : { labelLength: scan.label.length }),
      receivedAt: new Date(scan.receivedAt).toISOString(),
    });
    return response;
  }

  // count() scans the table (~8 ms at 1M profiles): health is polled, so remember it for a few seconds.
  let counted = { at: -Infinity, profiles: 0 };
  function profileCount(): number {
    if (now() - counted.at > 5000) counted = { at: now(), profiles: cache.profiles.count() };
    return counted.profiles;
  }

  function crmSummaryOf(profileId: string): CrmSummary | undefined {
    return deps.crmSummary?.forProfile(profileId);
  }

  function online(): boolean {
    return deps.sync?.online() ?? false;
  }

  /** What a screen shows of a member: the profile, consents, receipts at this till, and the CRM's summary when held. */
  function viewOf(profile: Profile): ProfileView {
    const summary = crmSummaryOf(profile.id);
    return {
      profile: toProfileSummary(profile),
      consents: cache.consents.listFor(profile.id).map((c) => ({
        purpose: c.purpose, granted: c.granted, at: new Date(c.at).toISOString(), source: c.source, ...(c.version ? { version: c.version } : {}),
      })),
      receipts: cache.receipts.listForProfile(profile.id, 10).map((r) => ({
        receiptId: r.receiptId,
        createdAt: new Date(r.createdAt).toISOString(),
        currency: r.currency,
        total: fromMinorUnits(r.totalMinor, r.currency),
        lineCount: Array.isArray((r.body as { lines?: unknown[] } | null)?.lines) ? ((r.body as { lines: unknown[] }).lines.length) : 0,
        status: r.delivery === 'pending' ? 'queued' : r.delivery,
      })),
      ...(summary ? { offers: summary.offers, recentPurchases: summary.recentPurchases } : {}),
    };
  }

  return {
    bus,
    customerSession: session,
    health: () => {
      const memberList = deps.sync?.memberList();
      return { status: 'ok', version: TILLID_VERSION, online: online(), profiles: profileCount(), ...(memberList ? { memberList } : {}) };
    },

    identify: async (input, source) => identifyNow(input, source),

    handleScan(scan) {
      const answer = identifyNow(scan.label, 'scan');
      if (answer instanceof Promise) return answer.then((response) => publishScan(scan, response));
      return Promise.resolve(publishScan(scan, answer));
    },

    session() {
      const current = session.get();
      const summary = current ? crmSummaryOf(current.profile.id) : undefined;
      return {
        customer: current && {
          profile: toProfileSummary(current.profile),
          kind: current.kind,
          assurance: current.assurance,
          identifiedAt: new Date(current.identifiedAt).toISOString(),
        },
        ...(summary ? { summary } : {}),
      };
    },

    clearSession() {
      const had = session.clear();
      bus.publish({ type: 'session.cleared', reason: 'api' });
      return had;
    },

    signup(request: SignupRequest) {
      const termsVersion = request.consents.termsVersion;
      if (termsVersion !== undefined && termsVersion !== config.screens.terms.version) {
        // The customer read other terms than the ones in force: they must see the current ones before joining.
        throw new TillFailure('terms_changed', 'The membership terms have changed since they were shown: show the current terms and ask again.', {
          termsVersion: config.screens.terms.version,
        });
      }
      const identifiers: Array<{ kind: 'phone' | 'email'; value: string }> = [];
      if (request.phone !== undefined) {
        const phone = normalisePhone(request.phone, config.identify.defaultRegion as CountryCode);
        if (!phone.ok) throw new TillFailure('invalid_phone', 'That is not a phone number we can use. Check the digits and try again.');
        identifiers.push({ kind: 'phone', value: phone.e164 });
      }
      if (request.email !== undefined) {
        const email = normaliseEmail(request.email);
        if (!email.ok) throw new TillFailure('invalid_email', 'That is not an email address we can use. Check it and try again.');
        identifiers.push({ kind: 'email', value: email.email });
      }
      const at = now();
      const result = cache.profiles.createPendingProfile({
        firstName: request.firstName ?? null,
        identifiers,
        consents: [
          { purpose: 'terms', granted: true, ...(request.consents.termsVersion ? { version: request.consents.termsVersion } : {}) },
          { purpose: 'marketing_email', granted: request.consents.marketingEmail ?? false },
          { purpose: 'marketing_sms', granted: request.consents.marketingSms ?? false },
        ],
        at,
        // The customer's own screen is named as such: the CRM can tell a consent the customer gave themselves.
        source: request.givenOn === 'customer_display' ? 'customer_display' : `till:${deps.tillId()}`,
      });
      if (result.status === 'exists') {
        throw new TillFailure('already_member', 'This customer is already a member: identify them instead.', { profileId: result.profile.id });
      }
      logger.info({ profileId: result.profile.id }, 'sign-up queued');
      deps.sync?.notifyOutbox();
      bus.publish({ type: 'signup.created', profileId: result.profile.id });
      const kind = identifiers[0]?.kind ?? 'phone';
      session.set({ profile: result.profile, kind, assurance: 'claimed', identifiedAt: at });
      bus.publish({ type: 'identified', ...viewOf(result.profile), kind, assurance: 'claimed', source: 'typed' });
      return { profileId: result.profile.id, status: 'pending_sync' };
    },

    recordReceipt(request: ReceiptRequest) {
      const current = session.get();
      const profileId = request.profileId ?? current?.profile.id ?? null;
      if (request.profileId !== undefined && !cache.profiles.findById(request.profileId)) {
        throw new TillFailure('unknown_profile', 'No profile with that id is known to this till; send the receipt without profileId or identify the customer first.');
      }
      const status = cache.receipts.enqueueReceipt(toReceiptRecord(request, profileId));
      logger.info({ receiptId: request.receiptId, profileId, status }, 'receipt recorded');
      if (status === 'queued') {
        deps.sync?.notifyOutbox();
        bus.publish({ type: 'receipt.queued', receiptId: request.receiptId, profileId, total: request.total, currency: request.currency });
        if (config.session.clearAfterReceipt && current && current.profile.id === profileId) {
          session.clear();
          bus.publish({ type: 'session.cleared', reason: 'receipt' });
        }
      }
      const stored = status === 'duplicate' ? cache.receipts.findById(request.receiptId) : undefined;
      return { receiptId: request.receiptId, profileId: stored ? stored.profileId : profileId, status };
    },

    profileView(id: string): ProfileView | null {
      const profile = cache.profiles.findById(id);
      return profile ? viewOf(profile) : null;
    },

    devices: () => deps.devices?.list() ?? [],
    syncStatus: () => deps.sync?.status() ?? { online: false, enrolled: false },
    syncNow: async () => {
      const sync = deps.sync;
      if (!sync) throw new TillFailure('not_enrolled', 'This till is not enrolled with a CRM yet: enrol it from the manager screen or with `tillid enrol`.');
      return sync.syncNow();
    },
    subscribe: (listener) => bus.subscribe(listener),

    applyProfileChanges(changes) {
      const current = session.get();
      if (!current) return;
      if (changes.erased.includes(current.profile.id)) {
        session.clear();
        bus.publish({ type: 'session.cleared', reason: 'erased' });
        return;
      }
      const moved =
        changes.merged.find((m) => m.from === current.profile.id)?.into ??
        changes.mapped.find((m) => m.provisionalId === current.profile.id)?.profileId;
      const profile = moved ? cache.profiles.findById(moved) : undefined;
      if (profile) session.set({ ...current, profile });
    },
  };
}
