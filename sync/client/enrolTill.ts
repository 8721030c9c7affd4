import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import type { Logger } from 'pino';
import { EnrolResponseSchema } from '../protocol/enrolment';
import type { EnrolRequest } from '../protocol/enrolment';
import { SYNC_PATHS } from '../protocol/version';
import type { CredentialStore } from './credentialStore';
import { createFileCredentialStore } from './credentialStore';
import type { CrmHttpClientOptions } from './crmHttpClient';
import { createCrmHttpClient } from './crmHttpClient';
import { SyncFailure } from './syncFailure';
import type { TillEnrolment } from './tillEnrolment';
import { writeTillEnrolment } from './tillEnrolment';

export interface EnrolTillOptions {
  crmUrl: string;
  /** The one-time code from the store manager. Never logged. */
  code: string;
  dataDir: string;
  tillName?: string;
  /** Defaults to the 0600 file store in `dataDir`. */
  credentialStore?: CredentialStore;
  appVersion?: string;
  logger?: Logger;
  now?: () => number;
  timeouts?: CrmHttpClientOptions['timeouts'];
}

/**
 * Trades a one-time code for this till's identity and keeps it in the data directory. File-based only: a running
 * till picks the new enrolment up at its next cycle (or at once when told through POST /api/v1/sync).
 * Not retried: the CRM consumes the code on first use, so a lost answer means asking the manager for a new code.
 */
export async function enrolTill(options: EnrolTillOptions): Promise<TillEnrolment> {
  const crmUrl = normaliseCrmUrl(options.crmUrl);
  const tillName = options.tillName?.trim() || os.hostname() || 'till';
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const credentialStore = options.credentialStore ?? createFileCredentialStore(options.dataDir);
  const http = createCrmHttpClient({ crmUrl, ...(options.logger ? { logger: options.logger } : {}), ...(options.timeouts ? { timeouts: options.timeouts } : {}) });
  const body: EnrolRequest = { code: options.code, tillName, platform: process.platform, ...(options.appVersion ? { appVersion: options.appVersion } : {}) };
  try {
    const answer = await http.request({
      method: 'POST',
      path: SYNC_PATHS.enrol,
      body,
      schema: EnrolResponseSchema,
      idempotent: false,
      problemKinds: {
        enrolment_code_invalid: 'enrolment_refused',
        enrolment_code_used: 'enrolment_refused',
        enrolment_code_expired: 'enrolment_refused',
        bad_request: 'enrolment_refused',
      },
    });
    // Credentials first: the enrolment file, written last, is what marks the till as enrolled.
    await credentialStore.write(answer.credentials);
    const enrolment: TillEnrolment = {
      version: 1,
      crmUrl,
      deviceId: answer.deviceId,
      storeId: answer.storeId,
      storeName: answer.storeName,
      tillName,
      enrolledAt: (options.now ?? Date.now)(),
    };
    await writeTillEnrolment(options.dataDir, enrolment);
    options.logger?.info({ deviceId: enrolment.deviceId, storeId: enrolment.storeId }, 'till enrolled');
    return enrolment;
  } finally {
    http.close();
  }
}

function normaliseCrmUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SyncFailure('rejected_request', 'the CRM address is not a URL (expected http(s)://host[:port])');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SyncFailure('rejected_request', 'the CRM address must be http(s)');
  return url.toString().replace(/\/+$/, '');
}
