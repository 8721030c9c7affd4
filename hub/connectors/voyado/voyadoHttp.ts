import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { ConnectorAnswer } from '../crmConnector';
import { RequestRateLimiter } from './requestRateLimiter';
import type { VoyadoOptions } from './voyadoOptions';

/** Voyado's error body: `{errorCode, message}` (other fields ignored). */
const VoyadoErrorBodySchema = z.object({ errorCode: z.string().min(1).max(200) }).loose();

/**
 * How one request ended. `ok`: a 2xx with its body parsed (undefined when empty); `error`: a 4xx Voyado explains with
 * an `errorCode`; `retry_later`: a 5xx, a timeout, no connection, 429s beyond the wait allowed, or a body that is not
 * the JSON it should be. Bodies are never kept in the reason: they hold personal data.
 */
export type VoyadoResult =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'error'; status: number; errorCode: string }
  | { kind: 'retry_later'; reason: string; retryAfterMs?: number };

/** A request to come back later, as the connector's answer (Voyado's Retry-After kept). */
export function retryLater<T>(result: Extract<VoyadoResult, { kind: 'retry_later' }>): ConnectorAnswer<T> {
  return { status: 'retry_later', reason: result.reason, ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }) };
}

export interface VoyadoRequest {
  method: 'GET' | 'POST';
  /** Below `/api/v2` (or `/api/v3` with `api: 'v3'`), e.g. `/contacts/id`. */
  path: string;
  /** The API version the endpoint is documented under: v2 unless said (reward vouchers are v3 only). */
  api?: 'v2' | 'v3';
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Retry-After in ms: delta-seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header !== null) {
    if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return 1000;
}

/**
 * The HTTP client of the Voyado connector: every request carries the `apikey` header, `User-Agent: Tillid-Hub/<v>` and
 * `Content-Type: application/json`, waits its turn at the key's limiter, and waits out 429s (Retry-After) up to
 * `maxThrottleWaitMs`. The key is held here only; nothing here logs.
 */
export class VoyadoHttp {
  private readonly limiter: RequestRateLimiter;
  private readonly headers: Record<string, string>;
  /** Requests sent, 429s met, for the bench and the fleet page. */
  readonly counts = { requests: 0, throttled: 0 };

  constructor(private readonly options: VoyadoOptions) {
    this.limiter = new RequestRateLimiter(options.perSecond, 1000 + options.windowMarginMs);
    this.headers = { apikey: options.apiKey, 'user-agent': `Tillid-Hub/${options.version}`, 'content-type': 'application/json', accept: 'application/json' };
  }

  async request(req: VoyadoRequest): Promise<VoyadoResult> {
    let waited = 0;
    for (;;) {
      await this.limiter.acquire();
      const result = await this.once(req);
      if (result.kind !== 'throttled') return result;
      this.counts.throttled++;
      this.limiter.pauseFor(result.retryAfterMs);
      if (waited + result.retryAfterMs > this.options.maxThrottleWaitMs) return { kind: 'retry_later', reason: 'throttled', retryAfterMs: result.retryAfterMs };
      waited += result.retryAfterMs;
      await sleep(result.retryAfterMs);
    }
  }

  private async once(req: VoyadoRequest): Promise<VoyadoResult | { kind: 'throttled'; retryAfterMs: number }> {
    const url = new URL(`${this.options.baseUrl}/api/${req.api ?? 'v2'}${req.path}`);
    for (const [name, value] of Object.entries(req.query ?? {})) url.searchParams.set(name, value);
    this.counts.requests++;
    let response: Response;
    let text: string;
    try {
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      response = await fetch(url, {
        method: req.method, headers: { ...this.headers, ...req.headers }, signal,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      });
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      return { kind: 'retry_later', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' };
    }
    if (response.status === 429) return { kind: 'throttled', retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    if (response.status >= 500) return { kind: 'retry_later', reason: `server_error_${response.status}` };
    // A refused key is the hub's configuration, not the item's fault: keep the item until the key is right.
    if (response.status === 401 || response.status === 403) return { kind: 'retry_later', reason: 'unauthorized' };
    if (response.status === 408) return { kind: 'retry_later', reason: 'timeout' };
    if (response.status >= 200 && response.status < 300) {
      if (text.trim() === '') return { kind: 'ok', status: response.status, body: undefined };
      try {
        return { kind: 'ok', status: response.status, body: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'retry_later', reason: 'malformed_response' };
      }
    }
    let errorCode = `http_${response.status}`;
    try {
      const parsed = VoyadoErrorBodySchema.safeParse(JSON.parse(text));
      if (parsed.success) errorCode = parsed.data.errorCode;
    } catch {
      // A 4xx without Voyado's JSON body: its status says enough.
    }
    return { kind: 'error', status: response.status, errorCode };
  }
}
