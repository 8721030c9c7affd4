import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CrmHttpClient } from '../../../sync/client/crmHttpClient';
import { createCrmHttpClient } from '../../../sync/client/crmHttpClient';
import type { SyncFailure } from '../../../sync/client/syncFailure';

/** A server that answers each request with the next scripted behaviour (then 200 `{ok:true}`). */
type Behaviour = 'ok' | 'status503' | 'status500' | 'status410' | 'status401' | 'status400' | 'reset' | 'truncated' | 'malformed' | 'hang' | 'enrolUsed';
let script: Behaviour[] = [];
let hits: Array<{ method: string; url: string; authorization: string | undefined; version: string | undefined }> = [];
let server: http.Server;
let baseUrl: string;

function problem(res: http.ServerResponse, status: number, type: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type, title: type, status, detail: 'scripted' }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, version: req.headers['tillid-protocol-version'] as string | undefined });
    req.resume();
    req.on('end', () => {
      const behaviour = script.shift() ?? 'ok';
      switch (behaviour) {
        case 'ok':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true }));
          return;
        case 'status503':
          return problem(res, 503, 'unavailable');
        case 'status500':
          return problem(res, 500, 'internal');
        case 'status410':
          return problem(res, 410, 'cursor_expired');
        case 'status401':
          return problem(res, 401, 'unauthorized');
        case 'status400':
          return problem(res, 400, 'bad_request');
        case 'enrolUsed':
          return problem(res, 403, 'enrolment_code_used');
        case 'reset':
          req.socket.destroy();
          return;
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"ok":tr');
          setTimeout(() => req.socket.destroy(), 10);
          return;
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":"yes"}');
          return;
        case 'hang':
          return; // never answers
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let client: CrmHttpClient;
beforeEach(() => {
  script = [];
  hits = [];
  client?.close();
  client = createCrmHttpClient({
    crmUrl: `${baseUrl}/`,
    bearerToken: () => 'device-token-0123456789abcdef0123456789',
    timeouts: { response: 300, request: 2_000 },
    retry: { limit: 2, backoff: { baseMs: 5, maxMs: 20 } },
  });
});

const OkSchema = z.object({ ok: z.literal(true) });
const get = () => client.request({ method: 'GET', path: '/sync/v1/changes', searchParams: { cursor: 'c1' }, schema: OkSchema, idempotent: true });
const upload = () => client.request({ method: 'POST', path: '/sync/v1/upload', body: { items: [] }, schema: OkSchema, idempotent: true });
const enrol = () =>
  client.request({ method: 'POST', path: '/sync/v1/enrol', body: { code: 'ABCD-1234' }, schema: OkSchema, idempotent: false, problemKinds: { enrolment_code_used: 'enrolment_refused' } });

async function failureOf(call: () => Promise<unknown>): Promise<SyncFailure> {
  try {
    await call();
  } catch (error) {
    return error as SyncFailure;
  }
  throw new Error('expected a failure');
}

describe('CRM HTTP client', () => {
  it('sends the protocol version and the bearer token, and parses the answer', async () => {
    await expect(get()).resolves.toEqual({ ok: true });
    expect(hits).toEqual([{ method: 'GET', url: '/sync/v1/changes?cursor=c1', authorization: 'Bearer device-token-0123456789abcdef0123456789', version: '1' }]);
  });

  it.each<[string, Behaviour[], () => Promise<unknown>, number]>([
    ['a GET after a 503', ['status503'], get, 2],
    ['a GET after a reset', ['reset'], get, 2],
    ['a GET after two 500s', ['status500', 'status500'], get, 3],
    ['an idempotent upload after a reset', ['reset'], upload, 2],
    ['an idempotent upload after a timeout', ['hang'], upload, 2],
  ])('retries %s', async (_name, behaviours, call, attempts) => {
    script = behaviours;
    await expect(call()).resolves.toEqual({ ok: true });
    expect(hits).toHaveLength(attempts);
  });

  it.each<[string, string, Behaviour[], number]>([
    ['three 503s', 'server_error', ['status503', 'status503', 'status503'], 3],
    ['a 410', 'cursor_expired', ['status410'], 1],
    ['a 401', 'unauthorized', ['status401'], 1],
    ['a 400', 'rejected_request', ['status400'], 1],
    ['a body that does not match the schema', 'malformed_response', ['malformed'], 1],
    ['a truncated body, three times', 'unreachable', ['truncated', 'truncated', 'truncated'], 3],
    ['three resets', 'unreachable', ['reset', 'reset', 'reset'], 3],
    ['three hangs', 'timeout', ['hang', 'hang', 'hang'], 3],
  ])('gives up on %s as %s', async (_name, kind, behaviours, attempts) => {
    script = behaviours;
    const failure = await failureOf(get);
    expect(failure.kind).toBe(kind);
    expect(failure.message).toMatch(/^GET \/sync\/v1\/changes: /);
    expect(hits).toHaveLength(attempts);
  });

  it.each<[string, Behaviour, string]>([
    ['a reset', 'reset', 'unreachable'],
    ['a 503', 'status503', 'server_error'],
    ['a timeout', 'hang', 'timeout'],
    ['a used code', 'enrolUsed', 'enrolment_refused'],
  ])('never retries enrolment: %s is final', async (_name, behaviour, kind) => {
    script = [behaviour];
    const failure = await failureOf(enrol);
    expect(failure.kind).toBe(kind);
    expect(failure.message).not.toContain('ABCD');
    expect(hits).toHaveLength(1);
  });

  it('keeps the connection alive between requests', async () => {
    const ports = new Set<number>();
    server.on('connection', (socket) => ports.add(socket.remotePort ?? 0));
    for (let i = 0; i < 5; i += 1) await get();
    expect(ports.size).toBe(1);
  });
});
