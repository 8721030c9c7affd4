import type { Logger } from 'pino';
import { ProfileSummaryResponseSchema, profileSummaryPath } from '../protocol/profileSummary';
import type { ProfileSummaryResponse } from '../protocol/profileSummary';
import type { CredentialStore } from './credentialStore';
import { createFileCredentialStore } from './credentialStore';
import type { CrmHttpClient, CrmHttpClientOptions } from './crmHttpClient';
import { createCrmSessionKeeper } from './crmSession';
import type { SyncFailureKind } from './syncFailure';
import { meansUnreachable, toSyncFailure } from './syncFailure';

/**
 * What asking the CRM for a member's summary came to. Never throws: each outcome just means "show it" or "show what
 * the till has". `offline`: no usable answer in time (unreachable, slow, 5xx, garbled).
 */
export type ProfileSummaryFetch =
  | { outcome: 'summary'; summary: ProfileSummaryResponse }
  | { outcome: 'offline'; reason: SyncFailureKind }
  | { outcome: 'not_enrolled' }
  | { outcome: 'unknown_profile' }
  | { outcome: 'refused'; reason: SyncFailureKind; status?: number };

export interface ProfileSummaryClient {
  fetch(profileId: string): Promise<ProfileSummaryFetch>;
  close(): void;
}

/**
 * The screen must not wait: the whole exchange gets 800 ms, once, and a summary that comes later is simply not shown.
 * (On a store LAN a CRM answers in a few ms; a slower one is treated as absent.)
 */
export const profileSummaryTimeouts: NonNullable<CrmHttpClientOptions['timeouts']> = {
  lookup: 800,
  connect: 800,
  secureConnect: 800,
  socket: 800,
  send: 800,
  response: 800,
  request: 800,
};

/** GET /sync/v1/profiles/:id/summary through `http` (the enrolled till's CRM client). */
export function createProfileSummaryClient(options: { http: () => Promise<CrmHttpClient>; logger?: Logger; onClose?: () => void }): ProfileSummaryClient {
  return {
    async fetch(profileId) {
      try {
        const http = await options.http();
        const summary = await http.request({ method: 'GET', path: profileSummaryPath(profileId), schema: ProfileSummaryResponseSchema, idempotent: true });
        return { outcome: 'summary', summary };
      } catch (error) {
        const failure = toSyncFailure(error);
        options.logger?.info({ request: 'GET /sync/v1/profiles/:id/summary', profileId, kind: failure.kind, status: failure.status }, 'profile summary not fetched');
        if (failure.kind === 'not_enrolled') return { outcome: 'not_enrolled' };
        if (meansUnreachable(failure.kind)) return { outcome: 'offline', reason: failure.kind };
        if (failure.status === 404) return { outcome: 'unknown_profile' };
        return { outcome: 'refused', reason: failure.kind, ...(failure.status === undefined ? {} : { status: failure.status }) };
      }
    },
    close: () => options.onClose?.(),
  };
}

/**
 * The profile summary client of an enrolled till: reads the enrolment and the device token from its data directory at
 * each call (a re-enrolment applies at once), with its own keep-alive sockets, the short timeouts above and no retry.
 */
export function createTillProfileSummaryClient(options: {
  dataDir: string;
  logger: Logger;
  /** Default: the 0600 file in dataDir. The Electron shell passes the sealed one it gives the sync engine. */
  credentialStore?: CredentialStore;
  http?: Pick<CrmHttpClientOptions, 'timeouts' | 'retry'>;
}): ProfileSummaryClient {
  const keeper = createCrmSessionKeeper({
    dataDir: options.dataDir,
    credentialStore: options.credentialStore ?? createFileCredentialStore(options.dataDir),
    logger: options.logger,
    http: { timeouts: profileSummaryTimeouts, retry: { limit: 0, backoff: { baseMs: 0, maxMs: 0 } }, ...options.http },
  });
  return createProfileSummaryClient({ http: async () => (await keeper.current()).http, logger: options.logger, onClose: () => keeper.close() });
}
