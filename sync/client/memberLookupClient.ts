import type { Logger } from 'pino';
import type { Profile } from '../cache/types';
import type { ProfileRepository } from '../cache/profileRepository';
import type { ClearIdentifier } from '../protocol/identifier';
import { MEMBER_LOOKUP_PATH, MemberLookupAnswerSchema } from '../protocol/memberLookup';
import type { CredentialStore } from './credentialStore';
import { createFileCredentialStore } from './credentialStore';
import type { CrmHttpClient, CrmHttpClientOptions } from './crmHttpClient';
import { createCrmSessionKeeper } from './crmSession';
import type { SyncFailureKind } from './syncFailure';
import { meansUnreachable, toSyncFailure } from './syncFailure';
import { profileFromWire } from './wireToCache';

/**
 * What asking the CRM side for a member by identifier came to. Never throws. `found`: the member is in the cache now
 * (stored as a change feed upsert would store it). `offline`: no usable answer within the budget (unreachable, slow,
 * 5xx, garbled); `refused`: any other answer. For the till, both mean "answer from the cache", i.e. not found.
 */
export type MemberLookupFetch =
  | { outcome: 'found'; profile: Profile }
  | { outcome: 'not_found' }
  | { outcome: 'several' }
  | { outcome: 'offline'; reason: SyncFailureKind }
  | { outcome: 'not_enrolled' }
  | { outcome: 'refused'; reason: SyncFailureKind; status?: number };

export interface MemberLookupClient {
  /** `identifier` is normalised (phone E.164, …). Its value is never logged. */
  lookUp(identifier: ClearIdentifier): Promise<MemberLookupFetch>;
  close(): void;
}

/** The cashier waits for this at most: a slower answer is treated as none (default; `tillid` config can lower it). */
export const DEFAULT_MEMBER_LOOKUP_BUDGET_MS = 1500;

/** Every phase of the one request gets the whole budget, and `request` caps the exchange at it. No retry. */
export function memberLookupTimeouts(budgetMs: number): NonNullable<CrmHttpClientOptions['timeouts']> {
  return { lookup: budgetMs, connect: budgetMs, secureConnect: budgetMs, socket: budgetMs, send: budgetMs, response: budgetMs, request: budgetMs };
}

const WHAT = `POST ${MEMBER_LOOKUP_PATH}`;

/** POST /sync/v1/lookup through `http`, storing a found member in the cache's `profiles`. */
export function createMemberLookupClient(options: {
  http: () => Promise<CrmHttpClient>;
  profiles: Pick<ProfileRepository, 'upsertProfile' | 'findById'>;
  logger?: Logger;
  onClose?: () => void;
}): MemberLookupClient {
  return {
    async lookUp(identifier) {
      try {
        const http = await options.http();
        const answer = await http.request({ method: 'POST', path: MEMBER_LOOKUP_PATH, body: { identifier }, schema: MemberLookupAnswerSchema, idempotent: false });
        const { profile, identifiers } = profileFromWire(answer.profile);
        // Stored exactly as the change feed's upsert of this member (which the hub queued for every till) will be.
        options.profiles.upsertProfile(profile, identifiers);
        const stored = options.profiles.findById(profile.id) ?? profile;
        options.logger?.info({ request: WHAT, kind: identifier.kind, profileId: stored.id }, 'member lookup: found at the CRM side and cached');
        return { outcome: 'found', profile: stored };
      } catch (error) {
        const failure = toSyncFailure(error);
        // The failure's message holds the method, path and status only; the identifier's value never reaches a log.
        options.logger?.info({ request: WHAT, kind: identifier.kind, failure: failure.kind, status: failure.status, problem: failure.problemType }, 'member lookup: no member');
        if (failure.problemType === 'several_members') return { outcome: 'several' };
        if (failure.status === 404) return { outcome: 'not_found' };
        if (failure.kind === 'not_enrolled') return { outcome: 'not_enrolled' };
        if (meansUnreachable(failure.kind)) return { outcome: 'offline', reason: failure.kind };
        return { outcome: 'refused', reason: failure.kind, ...(failure.status === undefined ? {} : { status: failure.status }) };
      }
    },
    close: () => options.onClose?.(),
  };
}

/**
 * The member lookup client of an enrolled till: reads the enrolment and token at each call (a re-enrolment applies at
 * once), with its own keep-alive sockets and one try within `budgetMs`.
 */
export function createTillMemberLookupClient(options: {
  dataDir: string;
  logger: Logger;
  profiles: Pick<ProfileRepository, 'upsertProfile' | 'findById'>;
  /** Default: the 0600 file in dataDir. The Electron shell passes the sealed one it gives the sync engine. */
  credentialStore?: CredentialStore;
  budgetMs?: number;
}): MemberLookupClient {
  const keeper = createCrmSessionKeeper({
    dataDir: options.dataDir,
    credentialStore: options.credentialStore ?? createFileCredentialStore(options.dataDir),
    logger: options.logger,
    http: { timeouts: memberLookupTimeouts(options.budgetMs ?? DEFAULT_MEMBER_LOOKUP_BUDGET_MS), retry: { limit: 0, backoff: { baseMs: 0, maxMs: 0 } } },
  });
  return createMemberLookupClient({ http: async () => (await keeper.current()).http, profiles: options.profiles, logger: options.logger, onClose: () => keeper.close() });
}
