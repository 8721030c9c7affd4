import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandInContacts } from './standInContacts';
import { StandInFaults } from './standInFaults';
import { StandInLedger } from './standInLedger';
import { StandInRateLimit } from './standInRateLimit';
import { routeStandIn, voyadoError } from './standInRoutes';
import type { StandInAnswer, StandInRequest, StandInStore } from './standInRoutes';

export interface VoyadoStandInOptions {
  /** The tenant's API keys (default one: `test-api-key`). */
  apiKeys?: string[];
  /** Requests per second per key before 429 (default 50: Voyado's stated ceiling for normal operation). */
  perSecond?: number;
  /** Ids the changes endpoint answers at most before 400 (default 250,000, as the reference says). */
  changesCap?: number;
  now?: () => number;
}

/** What a test sees of one request the stand-in received: never a body, only what the rules are about. */
export interface StandInRequestRecord {
  method: string;
  path: string;
  query: string;
  apikey: string | undefined;
  userAgent: string | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  status: number;
}

export interface VoyadoStandIn {
  url: string;
  apiKey: string;
  contacts: StandInContacts;
  ledger: StandInLedger;
  faults: StandInFaults;
  rate: StandInRateLimit;
  requests: StandInRequestRecord[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: StandInAnswer, garble = false): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (answer.json === undefined && !garble) {
    res.statusCode = answer.status;
    res.end();
    return;
  }
  const text = JSON.stringify(answer.json ?? { accepted: true });
  const body = garble ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text;
  res.writeHead(garble ? 200 : answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A stand-in for Voyado Engage API v2 on 127.0.0.1, written from the public reference (docs/connectors.md lists each
 * rule and where it comes from): the `apikey` header, a ceiling per key with 429 and Retry-After, `{errorCode,
 * message}` error bodies, contacts, id lookups, the ids-only changes feed, receipts once per uniqueReceiptId, point
 * transactions under an Idempotency-Key, promotions, reward vouchers (v3); and fault switches for timeouts, 5xx, 429 storms and malformed JSON.
 */
export async function startVoyadoStandIn(options: VoyadoStandInOptions = {}): Promise<VoyadoStandIn> {
  const now = options.now ?? Date.now;
  const apiKeys = options.apiKeys ?? ['test-api-key'];
  const store: StandInStore = { contacts: new StandInContacts(now), ledger: new StandInLedger(), changesCap: options.changesCap ?? 250_000, now };
  const faults = new StandInFaults();
  const rate = new StandInRateLimit(options.perSecond ?? 50);
  const requests: StandInRequestRecord[] = [];
  const held = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawBody = await readBody(req);
      const apikey = typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined;
      const record: StandInRequestRecord = {
        method: req.method ?? 'GET', path: url.pathname, query: url.search, apikey, userAgent: req.headers['user-agent'],
        contentType: req.headers['content-type'], idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined, status: 0,
      };
      requests.push(record);
      const answer = (a: StandInAnswer, garble = false): void => {
        record.status = garble ? 200 : a.status;
        send(res, a, garble);
      };
      if (apikey === undefined || !apiKeys.includes(apikey)) return answer(voyadoError(401, 'Unauthorized', 'a valid apikey header is required'));
      if (!rate.admit(apikey, now())) return answer(voyadoError(429, 'TooManyRequests', 'rate limit exceeded', { 'retry-after': '1' }));
      const fault = faults.take(req.method ?? 'GET', url.pathname);
      if (fault?.kind === 'timeout') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (fault?.kind === 'server_error') return answer(voyadoError(faults.served.server_error % 2 === 0 ? 503 : 500, 'InternalServerError', 'injected fault'));
      if (fault?.kind === 'throttle') return answer(voyadoError(429, 'TooManyRequests', 'rate limit exceeded', { 'retry-after': String(fault.retryAfterSeconds ?? 1) }));
      const request: StandInRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody };
      const routed = routeStandIn(store, request);
      answer(routed, fault?.kind === 'malformed');
    })().catch(() => {
      if (!res.headersSent) send(res, voyadoError(500, 'InternalServerError', 'the stand-in failed'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, apiKey: apiKeys[0] as string, contacts: store.contacts, ledger: store.ledger, faults, rate, requests,
    close: () => new Promise<void>((resolve) => {
      for (const res of held) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
