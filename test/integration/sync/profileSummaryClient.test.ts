import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmHttpClient } from '../../../sync/client/crmHttpClient';
import { createProfileSummaryClient, createTillProfileSummaryClient, profileSummaryTimeouts } from '../../../sync/client/profileSummaryClient';
import type { ProfileSummaryFetch } from '../../../sync/client/profileSummaryClient';
import { ProfileSummaryResponseSchema } from '../../../sync/protocol';

/** What the scripted CRM does for a profile id: the id names the behaviour. */
const SUMMARY = { profileId: 'P00000009', offers: [{ id: 'o1', title: '20 % på kaffe', personal: false }], recentPurchases: [{ at: '2025-03-01T10:00:00Z', channel: 'app', total: 49, currency: 'SEK', itemCount: 1 }] };
let server: http.Server;
let baseUrl: string;
const hits: string[] = [];

function problem(res: http.ServerResponse, status: number, type: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type, title: type, status, detail: 'scripted' }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const id = decodeURIComponent(/^\/sync\/v1\/profiles\/([^/]+)\/summary$/.exec(req.url ?? '')?.[1] ?? '');
    hits.push(id);
    switch (id) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(SUMMARY));
      case 'truncated':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(SUMMARY).slice(0, 40));
      case 'six-purchases':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ ...SUMMARY, recentPurchases: Array(6).fill(SUMMARY.recentPurchases[0]) }));
      case 'erased':
        return problem(res, 404, 'not_found');
      case 'token-refused':
        return problem(res, 401, 'unauthorized');
      case 'unavailable':
        return problem(res, 503, 'unavailable');
      case 'slow':
        return; // never answers: the client gives up
      default:
        return problem(res, 400, 'bad_request');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the profile summary client never throws: every answer is an outcome', () => {
  it.each<[string, ProfileSummaryFetch]>([
    ['ok', { outcome: 'summary', summary: ProfileSummaryResponseSchema.parse(SUMMARY) }],
    ['truncated', { outcome: 'offline', reason: 'malformed_response' }],
    ['six-purchases', { outcome: 'offline', reason: 'malformed_response' }],
    ['erased', { outcome: 'unknown_profile' }],
    ['token-refused', { outcome: 'refused', reason: 'unauthorized', status: 401 }],
    ['unavailable', { outcome: 'offline', reason: 'server_error' }],
    ['bad request', { outcome: 'refused', reason: 'rejected_request', status: 400 }],
    ['slow', { outcome: 'offline', reason: 'timeout' }],
  ])('the CRM answers %s → %j', async (id, outcome) => {
    const http = createCrmHttpClient({ crmUrl: baseUrl, bearerToken: () => 'device-token', timeouts: profileSummaryTimeouts, retry: { limit: 0, backoff: { baseMs: 0, maxMs: 0 } } });
    const client = createProfileSummaryClient({ http: async () => http, logger: pino({ enabled: false }) });
    try {
      const before = hits.length;
      expect(await client.fetch(id)).toEqual(outcome);
      // Once: a cashier is waiting, so nothing is retried.
      expect(hits.length - before).toBe(1);
    } finally {
      http.close();
    }
  });

  it('says not_enrolled for a till without an enrolment, and asks nobody', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-summary-none-'));
    const client = createTillProfileSummaryClient({ dataDir: dir, logger: pino({ enabled: false }) });
    try {
      const before = hits.length;
      expect(await client.fetch('P00000001')).toEqual({ outcome: 'not_enrolled' });
      expect(hits.length).toBe(before);
    } finally {
      client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
