import type { Logger } from 'pino';
import {
  STEP_UP_PATHS, StepUpCodeResponseSchema, StepUpStartResponseSchema, StepUpVerificationSchema, stepUpPath,
} from '../protocol/stepUp';
import type { StepUpCodeResponse, StepUpStartRequest, StepUpStartResponse, StepUpVerification } from '../protocol/stepUp';
import type { PointsRedemptionRequest } from '../protocol/redemption';
import type { PromotionRedemptionRequest } from '../protocol/promotionRedemption';
import { redeemPromotionAtCrm } from './promotionClient';
import type { PromotionExchange } from './promotionClient';
import type { CredentialStore } from './credentialStore';
import { createFileCredentialStore } from './credentialStore';
import type { CrmHttpClient, CrmHttpClientOptions, CrmRequest } from './crmHttpClient';
import { createCrmSessionKeeper } from './crmSession';
import type { SyncFailureKind } from './syncFailure';
import { meansUnreachable, toSyncFailure } from './syncFailure';
import { redeemPointsAtCrm } from './redeemClient';
import type { RedeemExchange } from './redeemClient';

/**
 * What one step-up exchange with the CRM came to. Never throws: the till turns each outcome into words.
 * `offline`: the CRM could not be reached or gave no usable answer; nothing can be assumed to have happened.
 */
export type StepUpExchange<T> =
  | { outcome: 'answered'; answer: T }
  | { outcome: 'offline'; reason: SyncFailureKind }
  | { outcome: 'not_enrolled' }
  | { outcome: 'unknown_verification' }
  | { outcome: 'refused'; reason: SyncFailureKind; status?: number };

export interface StepUpClient {
  /** Not retried: a repeated start could send a second SMS. */
  start(request: StepUpStartRequest): Promise<StepUpExchange<StepUpStartResponse>>;
  /** A poll (email link, BankID order); safe to repeat. */
  status(verificationId: string): Promise<StepUpExchange<StepUpVerification>>;
  /** Not retried: a repeated wrong code would cost the customer a second try. */
  submitCode(verificationId: string, code: string): Promise<StepUpExchange<StepUpCodeResponse>>;
  /** Cancelling twice is the same as once, so it is retried. */
  cancel(verificationId: string): Promise<StepUpExchange<StepUpVerification>>;
  /** Spends points (sync/client/redeemClient.ts): retried with its idempotency key, never spent twice. */
  redeem(request: PointsRedemptionRequest): Promise<RedeemExchange>;
  /** Redeems an offer (sync/client/promotionClient.ts): retried with its idempotency key, never redeemed twice. */
  redeemPromotion(request: PromotionRedemptionRequest): Promise<PromotionExchange>;
  close(): void;
}

export interface StepUpClientOptions {
  /** The enrolled till's CRM client (its device token); throws SyncFailure `not_enrolled` when there is none. */
  http: () => Promise<CrmHttpClient>;
  logger?: Logger;
  /** Called when the keeper behind `http` should let go of its sockets. */
  onClose?: () => void;
}

export function createStepUpClient(options: StepUpClientOptions): StepUpClient {
  async function exchange<T>(request: CrmRequest<T>): Promise<StepUpExchange<T>> {
    try {
      const http = await options.http();
      return { outcome: 'answered', answer: await http.request(request) };
    } catch (error) {
      const failure = toSyncFailure(error);
      options.logger?.info({ request: `${request.method} ${request.path.replace(/\/step-up\/[^/]+/, '/step-up/:id')}`, kind: failure.kind, status: failure.status }, 'step-up exchange failed');
      if (failure.kind === 'not_enrolled') return { outcome: 'not_enrolled' };
      if (meansUnreachable(failure.kind)) return { outcome: 'offline', reason: failure.kind };
      if (failure.status === 404) return { outcome: 'unknown_verification' };
      return { outcome: 'refused', reason: failure.kind, ...(failure.status === undefined ? {} : { status: failure.status }) };
    }
  }

  return {
    start: (request) => exchange({ method: 'POST', path: STEP_UP_PATHS.start, body: request, schema: StepUpStartResponseSchema, idempotent: false }),
    status: (id) => exchange({ method: 'GET', path: stepUpPath(STEP_UP_PATHS.verification, id), schema: StepUpVerificationSchema, idempotent: true }),
    submitCode: (id, code) => exchange({ method: 'POST', path: stepUpPath(STEP_UP_PATHS.code, id), body: { code }, schema: StepUpCodeResponseSchema, idempotent: false }),
    cancel: (id) => exchange({ method: 'POST', path: stepUpPath(STEP_UP_PATHS.cancel, id), body: {}, schema: StepUpVerificationSchema, idempotent: true }),
    redeem: (request) => redeemPointsAtCrm(options.http, request, options.logger),
    redeemPromotion: (request) => redeemPromotionAtCrm(options.http, request, options.logger),
    close: () => options.onClose?.(),
  };
}

/** A cashier is waiting: step-up calls give up much sooner than sync pages do. */
export const stepUpTimeouts: NonNullable<CrmHttpClientOptions['timeouts']> = {
  lookup: 2_000,
  connect: 3_000,
  secureConnect: 3_000,
  socket: 8_000,
  send: 5_000,
  response: 8_000,
  request: 10_000,
};

/**
 * The step-up client of an enrolled till: reads the enrolment and the device token from its data directory (at each
 * call, so a re-enrolment applies at once), with its own keep-alive sockets and short timeouts.
 */
export function createTillStepUpClient(options: {
  dataDir: string;
  logger: Logger;
  /** Default: the 0600 file in dataDir. The Electron shell passes the sealed one it gives the sync engine. */
  credentialStore?: CredentialStore;
  http?: Pick<CrmHttpClientOptions, 'timeouts' | 'retry'>;
}): StepUpClient {
  const keeper = createCrmSessionKeeper({
    dataDir: options.dataDir,
    credentialStore: options.credentialStore ?? createFileCredentialStore(options.dataDir),
    logger: options.logger,
    http: { timeouts: stepUpTimeouts, retry: { limit: 1, backoff: { baseMs: 100, maxMs: 500 } }, ...options.http },
  });
  return createStepUpClient({
    http: async () => (await keeper.current()).http,
    logger: options.logger,
    onClose: () => keeper.close(),
  });
}
