import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTill, type RunningTillProcess } from '../../../main/compose/runTill';
import { scanWithDemoScanner, demoScannerConfig } from '../../../main/till/demoScanner';

// The brief's privacy rule, checked on the whole demo at the most verbose log level: no phone number, email, card
// number or token reaches a log line, whatever the till, the sync engine, the drivers or the emulated CRM did.
let dir: string;
let logFile: string;
let demo: RunningTillProcess;
const secrets: string[] = [];

async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${demo.running.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${demo.running.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-privacy-'));
  logFile = path.join(dir, 'all.log');
  demo = await runTill({
    demo: true,
    dataDir: dir,
    port: 0,
    members: 40,
    scanners: [],
    crmUrl: undefined,
    enrolCode: undefined,
    logger: () => pino({ level: 'trace' }, pino.destination({ dest: logFile, sync: true })),
    print: () => undefined,
    readStdin: false,
  });
});

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('no identifier in clear reaches a log', () => {
  it('after identifying, scanning, signing up, a member QR, a receipt and a sync', async () => {
    const crm = demo.demoHub!;
    const member = crm.demoMember(0);
    const withCard = crm.demoMember(3);
    secrets.push(member.phone, member.phone.slice(3), member.phoneLocal, member.email!, withCard.cardNumber!, member.memberNumber!);

    expect((await api('POST', '/api/v1/identify', { input: member.phoneLocal })).json.result).toBe('identified');
    expect((await api('POST', '/api/v1/identify', { input: member.email })).json.result).toBe('identified');
    expect((await api('POST', '/api/v1/identify', { input: member.memberNumber })).json.result).toBe('identified');

    await scanWithDemoScanner(demo.running.devices, demoScannerConfig(dir), withCard.cardNumber!);
    const qr = await fetch(`${crm.url}/admin/member-qr/${member.profileId}`, { method: 'POST', headers: { authorization: `Bearer ${crm.adminToken}` } });
    const { token } = (await qr.json()) as { token: string };
    secrets.push(token, token.split('.')[2]!);
    expect((await api('POST', '/api/v1/identify', { input: token, source: 'scan' })).json.result).toBe('identified');
    expect((await api('POST', '/api/v1/identify', { input: token, source: 'scan' })).json.reason).toBe('replayed');

    const newPhone = '0736661122';
    const newEmail = `new.member.${randomUUID().slice(0, 8)}@example.se`;
    secrets.push('+46736661122', '736661122', newEmail);
    const signup = await api('POST', '/api/v1/signup', { phone: newPhone, email: newEmail, firstName: 'Ny', consents: { terms: true } });
    expect(signup.status).toBe(201);
    await api('POST', '/api/v1/receipts', {
      receiptId: `R-${randomUUID()}`,
      createdAt: new Date().toISOString(),
      currency: 'SEK',
      total: 20,
      lines: [{ sku: '1', description: 'Kanelbulle', quantity: 2, unitPrice: 10, amount: 20 }],
    });
    // an input that fails validation must not be echoed into the log either
    await api('POST', '/api/v1/signup', { phone: '070-111', consents: { terms: true } });
    secrets.push('070-111');
    const synced = await api('POST', '/api/v1/sync');
    expect(synced.json.pendingItems).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = [readFileSync(logFile, 'utf8'), ...readdirSync(path.join(dir)).filter((f) => f.endsWith('.log')).map((f) => readFileSync(path.join(dir, f), 'utf8'))].join('\n');
    expect(logs.split('\n').length).toBeGreaterThan(20); // the log really was written, at trace level
    for (const secret of secrets) expect(logs, `the log holds ${secret.slice(0, 4)}…`).not.toContain(secret);
    expect(logs).not.toContain(demo.running.token);
    expect(logs).not.toContain(crm.adminToken);
  });
});
