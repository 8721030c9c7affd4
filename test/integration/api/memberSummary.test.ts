import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TillEvent } from '../../../main/api/contract/events';
import { IdentifyResponseSchema, SessionSchema } from '../../../main/api/contract/identify';
import { ProfileViewSchema } from '../../../main/api/contract/profile';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import { enrolTill, type SyncEngine } from '../../../sync/client';
import { startTestHub, type TestHub } from '../../support/testHub';
import { crmAdmin } from '../sync/support/crmAdmin';

type SummaryEvent = Extract<TillEvent, { type: 'profile.summary' }>;

/** An offer title no demo data has: if it is anywhere in the till's data directory, the summary reached the disk. */
const SECRET_OFFER = 'Hemligt erbjudande 4711';

interface Rig {
  crm: TestHub;
  till: RunningTill;
  engine: SyncEngine;
  tillDir: string;
  /** The hub's PGlite folder, when it was asked to keep its database on disk. */
  crmDir: string | null;
  events: TillEvent[];
  logs: Array<Record<string, unknown>>;
  /** Stops everything but leaves the directories (to read the till's files after it closed). */
  stop(): Promise<void>;
}

const dirs: string[] = [];
let rig: Rig | null = null;
/** A CRM that accepts connections and never answers; its sockets are destroyed at the end of the test. */
let blackHole: { server: net.Server; sockets: Set<net.Socket> } | null = null;

afterEach(async () => {
  await rig?.stop();
  rig = null;
  if (blackHole) {
    const { server, sockets } = blackHole;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    blackHole = null;
  }
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A hub with the demo connector and a till enrolled with it, bootstrapped and online, behind a real POS API on
 * 127.0.0.1. With `crmOnDisk` the hub runs on PGlite in a folder of its own (to search its files), else wherever
 * startTestHub puts it.
 */
async function startRig(options: { crmOnDisk?: boolean } = {}): Promise<Rig> {
  const crmDir = options.crmOnDisk ? await mkdtemp(path.join(os.tmpdir(), 'tillid-summary-crm-')) : null;
  const tillDir = await mkdtemp(path.join(os.tmpdir(), 'tillid-summary-till-'));
  dirs.push(...(crmDir ? [crmDir] : []), tillDir);
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const crm = await startTestHub({ members: 50, seed: 5, ...(crmDir ? { dataDir: crmDir } : {}) });
  await enrolTill({ crmUrl: crm.url, code: await crmAdmin(crm).enrolmentCode(), dataDir: tillDir, tillName: 'Kassa 1', logger });
  // The test syncs when it means to: the engine's own pulls wait an hour.
  await writeFile(path.join(tillDir, 'config.json'), JSON.stringify({ sync: { pullIntervalSeconds: 3600 } }));
  const till = await startTill({ dataDir: tillDir, logger, port: 0 });
  const engine = till.sync;
  await engine.syncNow();
  const events: TillEvent[] = [];
  till.till.bus.subscribe((event) => events.push(event));
  let stopped = false;
  const made: Rig = {
    crm, till, engine, tillDir, crmDir, events, logs,
    async stop() {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      await till.close();
      await crm.close();
    },
  };
  rig = made;
  return made;
}

async function api(r: Rig, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${r.till.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${r.till.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function identify(r: Rig, input: string): Promise<ReturnType<typeof IdentifyResponseSchema.parse>> {
  const answer = await api(r, 'POST', '/api/v1/identify', { input });
  expect(answer.status).toBe(200);
  return IdentifyResponseSchema.parse(answer.json);
}

/** The first `profile.summary` event for `profileId`, seen or to come; bounded. */
function summaryEvent(r: Rig, profileId: string, timeoutMs = 5_000): Promise<SummaryEvent> {
  const fits = (e: TillEvent): e is SummaryEvent => e.type === 'profile.summary' && e.profileId === profileId;
  const seen = r.events.find(fits);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no profile.summary within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = r.till.till.bus.subscribe((e) => {
      if (!fits(e)) return;
      clearTimeout(timer);
      stop();
      resolve(e);
    });
  });
}

/** Waits (bounded) for the till to log that it gave up on a summary. */
async function summaryGivenUp(r: Rig): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const line = r.logs.find((l) => l.msg === 'profile summary not fetched');
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the till never gave up on the summary');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the CRM’s summary of the customer at the till', () => {
  it('follows an identification: a profile.summary event, and the session and profile carry it', async () => {
    const r = await startRig();
    const member = r.crm.demoMember(0);
    const response = await identify(r, member.phoneLocal);
    expect(response).toMatchObject({ result: 'identified', profile: { id: member.profileId } });

    const event = await summaryEvent(r, member.profileId);
    expect(event.offers.length).toBeGreaterThanOrEqual(1);
    expect(event.recentPurchases.map((p) => p.channel)).toContain('web');
    expect(Number.isNaN(Date.parse(event.fetchedAt))).toBe(false);

    const session = SessionSchema.parse((await api(r, 'GET', '/api/v1/session')).json);
    const { type: _type, ...summary } = event;
    expect(session.summary).toEqual(summary);
    const view = ProfileViewSchema.parse((await api(r, 'GET', `/api/v1/profiles/${member.profileId}`)).json);
    expect(view.offers).toEqual(event.offers);
    expect(view.recentPurchases).toEqual(event.recentPurchases);
  });

  it('is kept only while that person is the customer', async () => {
    const r = await startRig();
    const first = r.crm.demoMember(0);
    const second = r.crm.demoMember(1);
    await identify(r, first.phoneLocal);
    await summaryEvent(r, first.profileId);

    await identify(r, second.phoneLocal);
    const firstView = ProfileViewSchema.parse((await api(r, 'GET', `/api/v1/profiles/${first.profileId}`)).json);
    expect(firstView.offers).toBeUndefined();
    await summaryEvent(r, second.profileId);

    expect((await api(r, 'DELETE', '/api/v1/session')).status).toBe(204);
    const session = SessionSchema.parse((await api(r, 'GET', '/api/v1/session')).json);
    expect(session).toEqual({ customer: null });
    const secondView = ProfileViewSchema.parse((await api(r, 'GET', `/api/v1/profiles/${second.profileId}`)).json);
    expect(secondView.offers).toBeUndefined();
    expect(secondView.recentPurchases).toBeUndefined();
  });

  it('never reaches the till’s disk: no file in its data directory holds an offer title', async () => {
    const r = await startRig({ crmOnDisk: true });
    const member = r.crm.demoMember(2);
    const admin = await fetch(`${r.crm.url}/admin/profiles/${member.profileId}/offers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.crm.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: SECRET_OFFER }),
    });
    expect(admin.status).toBe(201);
    await identify(r, member.phoneLocal);
    const event = await summaryEvent(r, member.profileId);
    expect(event.offers.map((o) => o.title)).toContain(SECRET_OFFER);
    // A receipt makes the till write (outbox, WAL) after the summary came.
    const receipt = { receiptId: 'R-summary-disk', createdAt: '2025-03-01T10:15:00+01:00', currency: 'SEK', total: 10, lines: [{ sku: '1', description: 'Bulle', quantity: 1, unitPrice: 10, amount: 10 }], payments: [{ method: 'card', amount: 10 }] };
    expect((await api(r, 'POST', '/api/v1/receipts', receipt)).status).toBe(202);

    const needle = Buffer.from(SECRET_OFFER, 'utf8');
    const whileRunning = await filesUnder(r.tillDir);
    expect(whileRunning.some((f) => f.endsWith('cache.db'))).toBe(true);
    for (const file of whileRunning) expect((await readFile(file)).includes(needle), file).toBe(false);
    await r.stop();
    for (const file of await filesUnder(r.tillDir)) expect((await readFile(file)).includes(needle), file).toBe(false);
    // The same search finds the title where it does belong: the hub's own database.
    if (!r.crmDir) throw new Error('the hub was not on disk');
    const crmFiles = await Promise.all((await filesUnder(r.crmDir)).map((file) => readFile(file)));
    expect(crmFiles.some((bytes) => bytes.includes(needle))).toBe(true);
  }, 240_000); // its hub's PGlite sets up a database on disk first

  it.each([
    ['refuses connections', 'unreachable'],
    ['accepts connections and never answers', 'timeout'],
  ])('when the CRM %s: the identification is answered at once, no summary comes, nothing is held', async (how, kind) => {
    const r = await startRig();
    const member = r.crm.demoMember(3);
    const port = r.crm.port;
    await r.crm.close();
    if (kind === 'timeout') {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((socket) => void sockets.add(socket));
      blackHole = { server, sockets };
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    }

    const response = await identify(r, member.phoneLocal);
    expect(response).toMatchObject({ result: 'identified', profile: { id: member.profileId } });
    if (kind === 'timeout') {
      // The answer came while the till was still waiting for the CRM: the screen never waits for it.
      expect(r.logs.some((l) => l.msg === 'profile summary not fetched')).toBe(false);
    }

    const givenUp = await summaryGivenUp(r);
    expect(givenUp).toMatchObject({ profileId: member.profileId, kind });
    expect(JSON.stringify(givenUp)).not.toContain(member.phone);
    expect(r.events.some((e) => e.type === 'profile.summary')).toBe(false);
    const session = SessionSchema.parse((await api(r, 'GET', '/api/v1/session')).json);
    expect(session.customer?.profile.id).toBe(member.profileId);
    expect(session.summary).toBeUndefined();
  });
});
