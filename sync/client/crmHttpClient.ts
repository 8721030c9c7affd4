import http from 'node:http';
import https from 'node:https';
import got, { RequestError, TimeoutError } from 'got';
import type { Delays, Got, Method } from 'got';
import type { Logger } from 'pino';
import { z } from 'zod';
import { PROTOCOL_VERSION, SYNC_HEADERS } from '../protocol/version';
import { SyncProblemSchema } from '../protocol/problem';
import type { BackoffPolicy } from './backoff';
import { fullJitterDelay } from './backoff';
import { parseCrmResponseBody } from './crmResponseBody';
import type { SyncFailureKind } from './syncFailure';
import { SyncFailure } from './syncFailure';

/**
 * The one way the till talks HTTP to the CRM: got with a timeout per phase, a keep-alive agent, retries only for
 * requests that are safe to repeat, and every answer parsed with zod. Anything unexpected becomes a SyncFailure
 * whose message carries the method, path and status only.
 */
export const defaultCrmTimeouts: Delays = {
  lookup: 3_000,
  connect: 5_000,
  secureConnect: 5_000,
  /** Idle socket: a stalled stream fails instead of hanging a cycle. */
  socket: 20_000,
  send: 20_000,
  /** Time to the first byte of the answer. */
  response: 20_000,
  /** The whole exchange, body included (a 20,000-member bootstrap page is a few MB). */
  request: 120_000,
};

export interface CrmRetryOptions {
  /** Extra attempts for an idempotent request inside one call (the scheduler backs off between cycles). */
  limit: number;
  backoff: BackoffPolicy;
}

export const defaultCrmRetry: CrmRetryOptions = { limit: 2, backoff: { baseMs: 250, maxMs: 2_000 } };

export interface CrmHttpClientOptions {
  crmUrl: string;
  /** Read at every request, so new credentials (a re-enrolment) apply without a restart. */
  bearerToken?: () => string | null;
  timeouts?: Delays;
  retry?: CrmRetryOptions;
  random?: () => number;
  logger?: Logger;
}

export interface CrmRequest<T> {
  method: 'GET' | 'POST';
  path: string;
  searchParams?: Record<string, string | number>;
  body?: unknown;
  schema: z.ZodType<T>;
  /**
   * True when repeating the request cannot change the outcome: GETs, and uploads whose items carry idempotency
   * keys. Only these are retried. Enrolment is not (a code is consumed on first use).
   */
  idempotent: boolean;
  /** How to classify refusals of this request by problem type (e.g. enrolment codes). */
  problemKinds?: Partial<Record<string, SyncFailureKind>>;
  /** Aborts the request (the engine is stopping). */
  signal?: AbortSignal;
}

export interface CrmHttpClient {
  request<T>(request: CrmRequest<T>): Promise<T>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

const retriableStatuses = [408, 429, 500, 502, 503, 504];
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function createCrmHttpClient(options: CrmHttpClientOptions): CrmHttpClient {
  const base = options.crmUrl.replace(/\/+$/, '');
  const retry = options.retry ?? defaultCrmRetry;
  const random = options.random ?? Math.random;
  const agent = {
    http: new http.Agent({ keepAlive: true, maxSockets: 4 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 4 }),
  };
  const client: Got = got.extend({
    agent,
    timeout: { ...defaultCrmTimeouts, ...options.timeouts },
    throwHttpErrors: false,
    responseType: 'text',
    followRedirect: false,
    headers: { [SYNC_HEADERS.protocolVersion]: String(PROTOCOL_VERSION), 'user-agent': 'tillid-sync' },
  });

  async function request<T>(req: CrmRequest<T>): Promise<T> {
    const what = `${req.method} ${req.path}`;
    const token = options.bearerToken?.() ?? null;
    const methods: Method[] = req.idempotent ? ['GET', 'POST'] : [];
    const started = performance.now();
    let response;
    try {
      response = await client(`${base}${req.path}`, {
        method: req.method,
        ...(req.searchParams === undefined ? {} : { searchParams: req.searchParams }),
        ...(req.body === undefined ? {} : { json: req.body }),
        ...(req.signal === undefined ? {} : { signal: req.signal }),
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        retry: {
          limit: req.idempotent ? retry.limit : 0,
          methods,
          statusCodes: retriableStatuses,
          maxRetryAfter: retry.backoff.maxMs,
          calculateDelay: ({ attemptCount, computedValue }) =>
            computedValue === 0 ? 0 : fullJitterDelay(attemptCount, retry.backoff, random),
        },
      });
    } catch (error) {
      if (req.signal?.aborted) throw new SyncFailure('local_error', `${what}: stopped`, { cause: error });
      throw asTransportFailure(error, what);
    }
    const status = response.statusCode;
    options.logger?.debug({ request: what, status, ms: Math.round(performance.now() - started), retries: response.retryCount }, 'crm exchange');
    if (status >= 200 && status < 300) return parseCrmResponseBody(req.schema, response.body, what);
    throw refusalFailure(status, response.body, what, req.problemKinds);
  }

  return {
    request,
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}

function asTransportFailure(error: unknown, what: string): SyncFailure {
  if (error instanceof TimeoutError) return new SyncFailure('timeout', `${what}: no answer in time (${error.event})`, { cause: error });
  if (error instanceof RequestError) {
    const code = error.code;
    const kind: SyncFailureKind = unreachableCodes.has(code) || error.name === 'ReadError' || error.name === 'RequestError' ? 'unreachable' : 'local_error';
    return new SyncFailure(kind, `${what}: ${kind === 'unreachable' ? 'CRM unreachable' : 'request failed'} (${code})`, { cause: error });
  }
  return new SyncFailure('local_error', `${what}: request failed`, { cause: error });
}

function refusalFailure(status: number, body: string, what: string, problemKinds: CrmRequest<unknown>['problemKinds']): SyncFailure {
  let problemType: string | undefined;
  let problemReason: string | undefined;
  try {
    const json = JSON.parse(body) as unknown;
    const parsed = SyncProblemSchema.safeParse(json);
    if (parsed.success) problemType = parsed.data.type;
    const reason = ProblemReasonSchema.safeParse(json);
    if (parsed.success && reason.success) problemReason = reason.data.reason;
  } catch {
    // Not a problem document (a proxy's HTML page, say): classify by status alone.
  }
  const mapped = problemType === undefined ? undefined : problemKinds?.[problemType];
  const kind: SyncFailureKind =
    mapped ??
    (status === 410 || problemType === 'cursor_expired'
      ? 'cursor_expired'
      : status === 401 || status === 403
        ? 'unauthorized'
        : status >= 500 || status === 408 || status === 429
          ? 'server_error'
          : 'rejected_request');
  return new SyncFailure(kind, `${what}: answered ${status}${problemType === undefined ? '' : ` ${problemType}`}`, {
    status, ...(problemType === undefined ? {} : { problemType }), ...(problemReason === undefined ? {} : { problemReason }),
  });
}

/** A problem's short `reason` code, where its type has one (`offer_not_available`, `step_up_required`). */
const ProblemReasonSchema = z.object({ reason: z.string().regex(/^[a-z_]{1,40}$/) });
