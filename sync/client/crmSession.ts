import type { Logger } from 'pino';
import type { CredentialStore } from './credentialStore';
import type { CrmHttpClient, CrmHttpClientOptions } from './crmHttpClient';
import { createCrmHttpClient } from './crmHttpClient';
import { SyncFailure } from './syncFailure';
import type { TillEnrolment } from './tillEnrolment';
import { readTillEnrolment } from './tillEnrolment';

/** The till as the CRM knows it, with a client that carries its token. */
export interface CrmSession {
  enrolment: TillEnrolment;
  http: CrmHttpClient;
  /** `<crmUrl> <storeId>`: what the cache mirrors. */
  source: string;
}

export interface CrmSessionKeeper {
  /** Re-reads the enrolment and credentials (cheap: two small files), so `tillid enrol` takes effect next cycle. */
  current(): Promise<CrmSession>;
  close(): void;
}

export function createCrmSessionKeeper(options: {
  dataDir: string;
  credentialStore: CredentialStore;
  logger: Logger;
  http?: Pick<CrmHttpClientOptions, 'timeouts' | 'retry' | 'random'>;
}): CrmSessionKeeper {
  let session: CrmSession | null = null;
  let token: string | null = null;

  return {
    async current() {
      let enrolment: TillEnrolment | null;
      let credentials;
      try {
        enrolment = await readTillEnrolment(options.dataDir);
        credentials = enrolment === null ? null : await options.credentialStore.read();
      } catch (error) {
        throw new SyncFailure('not_enrolled', error instanceof Error ? error.message : 'the enrolment could not be read', { cause: error });
      }
      if (enrolment === null) throw new SyncFailure('not_enrolled', 'this till is not enrolled: run `tillid enrol --crm URL --code CODE`');
      if (credentials === null) throw new SyncFailure('not_enrolled', 'the till has no CRM credentials: enrol it again');
      const same =
        session !== null &&
        token === credentials.token &&
        session.enrolment.crmUrl === enrolment.crmUrl &&
        session.enrolment.deviceId === enrolment.deviceId &&
        session.enrolment.storeId === enrolment.storeId;
      if (same && session !== null) return session;
      session?.http.close();
      const current = credentials.token;
      token = current;
      session = {
        enrolment,
        source: `${enrolment.crmUrl} ${enrolment.storeId}`,
        http: createCrmHttpClient({ crmUrl: enrolment.crmUrl, bearerToken: () => current, logger: options.logger, ...options.http }),
      };
      options.logger.info({ deviceId: enrolment.deviceId, storeId: enrolment.storeId }, 'sync: using enrolment');
      return session;
    },
    close() {
      session?.http.close();
      session = null;
      token = null;
    },
  };
}
