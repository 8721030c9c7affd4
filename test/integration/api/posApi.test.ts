import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import { signMemberToken } from '../../../main/identify/memberQr';
import { httpRequest } from '../../support/httpRequest';
import type { ScanEvent } from '../../../drivers/scanEvent';
import { ANNA, seedProfiles } from '../../support/seedProfiles';

let dir: string;
let till: RunningTill;
const keys = generateKeyPairSync('ed25519');

function auth(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${till.token}`, 'content-type': 'application/json', ...extra };
}
async function post(route: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await httpRequest(`${till.url}${route}`, { method: 'POST', headers: auth(), body: JSON.stringify(body) });
  return { status: res.status, json: res.text ? res.json() : undefined };
}
async function get(route: string): Promise<{ status: number; json: any }> {
  const res = await httpRequest(`${till.url}${route}`, { headers: auth() });
  return { status: res.status, json: res.json() };
}
function receipt(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiptId: id,
    createdAt: '2026-11-25T10:00:00+01:00',
    currency: 'SEK',
    total: 129.5,
    lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 129.5, amount: 129.5 }],
    payments: [{ method: 'card', amount: 129.5 }],
    ...extra,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-api-'));
  till = await startTill({ dataDir: dir, logger: pino({ level: 'silent' }), port: 0 });
  seedProfiles(till.cache);
  const raw = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');
  till.cache.memberKeys.upsert({ kid: 'k1', publicKey: raw, notAfter: null });
});

afterAll(async () => {
  await till?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POS API guards', () => {
  it('answers health without a token, with no personal data', async () => {
    const res = await httpRequest(`${till.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: expect.any(String), online: false, profiles: 2 });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token of the wrong scheme', { authorization: 'Basic abc' }],
  ])('refuses %s with 401 problem+json', async (_name, headers) => {
    const res = await httpRequest(`${till.url}/api/v1/session`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.json() as { detail: string }).detail).toMatch(/Bearer/);
  });

  it.each(['evil.example', 'tillid.attacker.net:7420', '192.168.1.10'])('refuses Host %s (DNS rebinding)', async (host) => {
    const res = await httpRequest(`${till.url}/api/v1/health`, { headers: { host } });
    expect(res.status).toBe(421);
  });

  it.each(['localhost', '127.0.0.1:7420', 'LOCALHOST:1'])('serves Host %s', async (host) => {
    const res = await httpRequest(`${till.url}/api/v1/health`, { headers: { host } });
    expect(res.status).toBe(200);
  });

  it('sends no CORS headers, even when asked', async () => {
    const res = await httpRequest(`${till.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await httpRequest(`${till.url}/api/v1/identify`, { method: 'POST', headers: auth(), body: JSON.stringify({ input: 'x'.repeat(70_000) }) });
    expect(res.status).toBe(413);
  });

  it.each([
    ['malformed JSON', '{"input": ', 'application/json', 400, 'malformed_json'],
    ['a wrong content type', '{"input":"x"}', 'text/plain', 415, 'unsupported_media_type'],
    ['a body that breaks the schema', '{"input": 42}', 'application/json', 400, 'invalid_body'],
  ])('answers %s with a clear problem', async (_name, body, type, status, problem) => {
    const res = await httpRequest(`${till.url}/api/v1/identify`, { method: 'POST', headers: auth({ 'content-type': type }), body });
    expect(res.status).toBe(status);
    const json = res.json() as { type: string; detail: string };
    expect(json.type).toMatch(new RegExp(`${problem}$`));
    expect(json.detail.length).toBeGreaterThan(10);
  });

  it('answers unknown routes 404 and wrong methods 405', async () => {
    expect((await get('/api/v1/nothing')).status).toBe(404);
    const res = await httpRequest(`${till.url}/api/v1/identify`, { headers: auth() });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('POST /api/v1/identify', () => {
  it.each([
    ['070-123 45 67', 'phone', 'claimed'],
    ['+46 70 123 45 67', 'phone', 'claimed'],
    ['0046701234567', 'phone', 'claimed'],
    [' Anna@Example.SE ', 'email', 'claimed'],
  ])('identifies %s as %s (%s)', async (input, kind, assurance) => {
    const { status, json } = await post('/api/v1/identify', { input, source: 'typed' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ result: 'identified', kind, assurance, profile: { id: ANNA.profile.id, firstName: 'Anna' } });
    await httpRequest(`${till.url}/api/v1/session`, { method: 'DELETE', headers: auth() });
  });

  it('identifies a scanned loyalty card with possession', async () => {
    const { json } = await post('/api/v1/identify', { input: '0401234567893', source: 'scan' });
    expect(json).toMatchObject({ result: 'identified', kind: 'card', assurance: 'possession' });
  });

  it('verifies a signed member QR once, and refuses its replay', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signMemberToken({ kid: 'k1', sub: ANNA.profile.id, iat: now, exp: now + 120, nonce: randomUUID() }, keys.privateKey);
    const first = await post('/api/v1/identify', { input: token, source: 'scan' });
    expect(first.json).toMatchObject({ result: 'identified', kind: 'member_qr', assurance: 'verified' });
    const again = await post('/api/v1/identify', { input: token, source: 'scan' });
    expect(again.json).toEqual({ result: 'rejected', kind: 'member_qr', reason: 'replayed' });
  });

  it.each([
    ['0401234567890', 'scan', { result: 'rejected', kind: 'card', reason: 'bad_check_digit' }],
    ['0733333333', 'typed', { result: 'not_found', kind: 'phone', assurance: 'claimed' }],
    ['7310865004703', 'scan', { result: 'ignored', kind: 'unknown' }],
    ['https://example.com/x', 'scan', { result: 'ignored', kind: 'unknown' }],
  ])('answers %s (%s) without throwing', async (input, source, expected) => {
    const { status, json } = await post('/api/v1/identify', { input, source });
    expect(status).toBe(200);
    expect(json).toEqual(expected);
  });

  it('makes the identified person the current customer, and DELETE clears it', async () => {
    await post('/api/v1/identify', { input: '0709876543' });
    expect((await get('/api/v1/session')).json.customer.profile.firstName).toBe('Bo');
    const del = await httpRequest(`${till.url}/api/v1/session`, { method: 'DELETE', headers: auth() });
    expect(del.status).toBe(204);
    expect((await get('/api/v1/session')).json).toEqual({ customer: null });
  });
});

describe('sign-up and receipts', () => {
  it('signs up a new member who is usable at once', async () => {
    const { status, json } = await post('/api/v1/signup', { phone: '073-555 12 34', firstName: 'Cilla', consents: { terms: true, marketingSms: true } });
    expect(status).toBe(201);
    expect(json).toEqual({ profileId: expect.any(String), status: 'pending_sync' });
    const found = await post('/api/v1/identify', { input: '+46735551234' });
    expect(found.json).toMatchObject({ result: 'identified', profile: { id: json.profileId, firstName: 'Cilla', status: 'pending_sync' } });
    const view = await get(`/api/v1/profiles/${json.profileId}`);
    expect(view.json.consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'terms', granted: true }),
        expect.objectContaining({ purpose: 'marketing_sms', granted: true }),
        expect.objectContaining({ purpose: 'marketing_email', granted: false }),
      ]),
    );
  });

  it.each([
    [{ phone: '070-123 45 67', consents: { terms: true } }, 409, 'already_member'],
    [{ phone: '12', consents: { terms: true } }, 400, 'invalid_phone'],
    [{ email: 'not-an-email', consents: { terms: true } }, 400, 'invalid_email'],
    [{ phone: '0735559999', consents: { terms: false } }, 400, 'invalid_body'],
    [{ consents: { terms: true } }, 400, 'invalid_body'],
  ])('refuses sign-up %j with %i %s', async (body, status, type) => {
    const res = await post('/api/v1/signup', body);
    expect(res.status).toBe(status);
    expect(res.json.type).toMatch(new RegExp(`${type}$`));
  });

  it('queues a receipt for the current customer, once', async () => {
    await post('/api/v1/identify', { input: '070-123 45 67' });
    const id = `R-${randomUUID()}`;
    const first = await post('/api/v1/receipts', receipt(id));
    expect(first).toEqual({ status: 202, json: { receiptId: id, profileId: ANNA.profile.id, status: 'queued' } });
    const again = await post('/api/v1/receipts', receipt(id));
    expect(again).toEqual({ status: 202, json: { receiptId: id, profileId: ANNA.profile.id, status: 'duplicate' } });
    expect(till.cache.outbox.counts().pending).toBeGreaterThanOrEqual(1);
    const view = await get(`/api/v1/profiles/${ANNA.profile.id}`);
    expect(view.json.receipts.map((r: { receiptId: string }) => r.receiptId)).toContain(id);
    // the sale ended the customer's session
    expect((await get('/api/v1/session')).json).toEqual({ customer: null });
  });

  it('keeps a receipt with no customer unattached', async () => {
    const id = `R-${randomUUID()}`;
    expect((await post('/api/v1/receipts', receipt(id))).json).toEqual({ receiptId: id, profileId: null, status: 'queued' });
  });

  it.each([
    [{ currency: 'kr' }, 'currency'],
    [{ lines: [] }, 'lines'],
    [{ createdAt: 'yesterday' }, 'createdAt'],
    [{ total: 'many' }, 'total'],
    // Issue 11.7: the arithmetic is checked, in the currency's minor unit.
    [{ total: 9_999_999_999.99, lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: 1, amount: 1 }], payments: [{ method: 'card', amount: 1 }] }, 'total'],
    [{ total: -129.5, lines: [{ sku: '1', description: 'Rabatt', quantity: 1, unitPrice: -129.5, amount: -129.5 }], payments: [] }, 'total'],
    [{ lines: [{ sku: '1', description: 'Bulle', quantity: 1e308, unitPrice: 129.5, amount: 129.5 }] }, 'lines.0.quantity'],
    [{ total: 200, payments: [{ method: 'card', amount: 200 }] }, 'total'],
    [{ payments: [{ method: 'card', amount: 100 }] }, 'payments'],
    [{ currency: 'JPY', total: 1.5, lines: [{ sku: '1', description: 'Ocha', quantity: 1, unitPrice: 1.5, amount: 1.5 }], payments: [{ method: 'card', amount: 1.5 }] }, 'total'],
    [{ kind: 'refund' }, 'kind'],
  ])('refuses a receipt with a bad %j and names the field', async (patch, field) => {
    const id = `R-${randomUUID()}`;
    const res = await post('/api/v1/receipts', receipt(id, patch));
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(till.cache.receipts.findById(id)).toBeUndefined();
  });

  it('takes a return as its own kind, with negative lines, and stores it in minor units', async () => {
    const id = `R-${randomUUID()}`;
    const res = await post('/api/v1/receipts', receipt(id, {
      kind: 'return',
      total: -129.5,
      lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: -1, unitPrice: 129.5, amount: -129.5 }],
      payments: [{ method: 'card', amount: -129.5 }],
    }));
    expect(res.status).toBe(202);
    expect(till.cache.receipts.findById(id)).toMatchObject({ totalMinor: -12_950 });
  });

  it('stores yen in whole yen', async () => {
    const id = `R-${randomUUID()}`;
    const yen = { currency: 'JPY', total: 1_300, lines: [{ sku: '4901234567894', description: 'Ocha', quantity: 2, unitPrice: 650, amount: 1_300 }], payments: [{ method: 'card', amount: 1_300 }] };
    expect((await post('/api/v1/receipts', receipt(id, yen))).status).toBe(202);
    expect(till.cache.receipts.findById(id)).toMatchObject({ currency: 'JPY', totalMinor: 1_300 });
  });

  it('refuses a receipt for a profile the till does not know', async () => {
    const res = await post('/api/v1/receipts', receipt(`R-${randomUUID()}`, { profileId: 'P-nobody' }));
    expect(res.status).toBe(422);
  });
});

describe('GET /api/v1/events', () => {
  it('streams identification and receipts without identifiers in clear', async () => {
    const controller = new AbortController();
    const response = await fetch(`${till.url}/api/v1/events`, { headers: { authorization: `Bearer ${till.token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const read = (async () => {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !text.includes('event: receipt.queued')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();
    await post('/api/v1/identify', { input: '070-123 45 67' });
    await post('/api/v1/receipts', receipt(`R-${randomUUID()}`));
    await read;
    controller.abort();
    expect(text).toContain('event: identified');
    expect(text).toContain('event: receipt.queued');
    expect(text).not.toMatch(/701234567|anna@example/);
  });
});

describe('scan events on GET /api/v1/events', () => {
  function scan(label: string): ScanEvent {
    return { deviceId: 'serial:/dev/ttyACM0', transport: 'serial', label, raw: Buffer.from(label).toString('base64'), symbology: 'unknown', symbologyGuessed: true, receivedAt: Date.now(), transmitMs: 3 };
  }

  it('carry the label only for a product GTIN; of anything else only its kind and length', async () => {
    const personal = [
      '4111111111111111',
      'MECARD:N:Svensson,Anna;TEL:+46701234567;EMAIL:anna@example.se;;',
      'SMSTO:+46701234567:Hej',
      '198112181097',
    ];
    const controller = new AbortController();
    const response = await fetch(`${till.url}/api/v1/events`, { headers: { authorization: `Bearer ${till.token}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const scans = (): Array<Record<string, unknown>> =>
      [...text.matchAll(/^event: scan\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '{}') as Record<string, unknown>);
    const read = (async () => {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && scans().length < personal.length + 1) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();
    // The stream subscribed before its headers went out, so every scan from here on is on it.
    for (const label of [...personal, '7310865004703']) till.till.handleScan(scan(label));
    await read;
    controller.abort();
    const events = scans();
    expect(events.map((e) => [e.result, e.label, e.labelLength])).toEqual([
      ...personal.map((label) => ['ignored', undefined, label.length]),
      ['ignored', '7310865004703', undefined],
    ]);
    expect(text).not.toMatch(/4111111111111111|701234567|anna@example|198112181097/);
  });
});

describe('the identified event', () => {
  it('is published once per scan and carries the profile view the screen shows, without any identifier', async () => {
    const sold = `R-${randomUUID()}`;
    await post('/api/v1/identify', { input: '070-123 45 67' });
    await post('/api/v1/receipts', receipt(sold));
    const events: Array<Record<string, unknown>> = [];
    const unsubscribe = till.till.subscribe((event) => events.push(event));
    till.till.handleScan({ deviceId: 'serial:/dev/ttyACM0', transport: 'serial', label: '0401234567893', raw: '', symbology: 'ean13', symbologyGuessed: true, receivedAt: Date.now(), transmitMs: 3 });
    unsubscribe();
    const identified = events.filter((e) => e.type === 'identified');
    expect(identified).toHaveLength(1);
    const view = (await get(`/api/v1/profiles/${ANNA.profile.id}`)).json;
    // The same view GET /api/v1/profiles/:id answers: the screen needs no second round trip.
    expect(identified[0]).toEqual({ type: 'identified', ...view, kind: 'card', assurance: 'possession', source: 'scan' });
    expect(view.receipts.map((r: { receiptId: string }) => r.receiptId)).toContain(sold);
    expect(JSON.stringify(identified[0])).not.toMatch(/701234567|anna@example|0401234567893/);
    await httpRequest(`${till.url}/api/v1/session`, { method: 'DELETE', headers: auth() });
  });
});

describe('receipt delivery state on the profile', () => {
  it('shows queued until the outbox item is delivered, then delivered, and dead letters as dead', async () => {
    await post('/api/v1/identify', { input: '0709876543' });
    const delivered = `R-${randomUUID()}`;
    await post('/api/v1/receipts', receipt(delivered));
    await post('/api/v1/identify', { input: '0709876543' });
    const refused = `R-${randomUUID()}`;
    await post('/api/v1/receipts', receipt(refused));
    const states = async (): Promise<Record<string, string>> =>
      Object.fromEntries((await get('/api/v1/profiles/P-bo')).json.receipts.map((r: { receiptId: string; status: string }) => [r.receiptId, r.status]));
    expect(await states()).toMatchObject({ [delivered]: 'queued', [refused]: 'queued' });
    const items = till.cache.outbox.nextBatch(100).filter((i) => i.profileId === 'P-bo');
    const [first, second] = items.slice(-2);
    till.cache.outbox.markDelivered([first!.id]);
    till.cache.outbox.markDead(second!.id, 'rejected: test');
    expect(await states()).toMatchObject({ [delivered]: 'delivered', [refused]: 'dead' });
  });
});
