import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../hub';
import { FleetReportSchema } from '../../hub/fleetContract/fleetContract';
import type { FleetReport, FleetTill } from '../../hub/fleetContract/fleetContract';
import { readTillEnrolment } from '../../sync/client/tillEnrolment';
import type { Heartbeat } from '../../sync/protocol';
import { enrolmentCode, HUB_ENGINES, startHub } from './support/hubUnderTest';
import type { HubUnderTest } from './support/hubUnderTest';
import { tillOnHub } from './support/tillOnHub';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const MINUTE = 60_000;

async function call(hub: Hub, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${hub.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: await response.json() };
}

async function enrolIn(hub: Hub, storeId: string, tillName: string): Promise<{ tillId: string; token: string }> {
  const { json } = await call(hub, 'POST', '/sync/v1/enrol', null, { code: await enrolmentCode(hub, storeId), tillName });
  const enrolled = json as { deviceId: string; credentials: { token: string } };
  return { tillId: enrolled.deviceId, token: enrolled.credentials.token };
}

function heartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    version: '0.1.0', sentAt: T0, lastPullAt: T0, lastPushAt: T0, outboxBacklog: { count: 0, oldestAt: null }, deadLetters: 0,
    devices: [{ deviceId: 'scanner-1', transport: 'serial', state: 'online' }], ...overrides,
  };
}

async function fleet(hub: Hub, token: string): Promise<FleetReport> {
  const { status, json } = await call(hub, 'GET', '/hub/v1/fleet', token);
  expect(status).toBe(200);
  return FleetReportSchema.parse(json);
}

function tillIn(report: FleetReport, tillId: string): FleetTill {
  const till = report.stores.flatMap((s) => s.tills).find((t) => t.tillId === tillId);
  if (!till) throw new Error(`till ${tillId} is not in the fleet report`);
  return till;
}

describe.each(HUB_ENGINES)('the fleet on %s', (engine) => {
  let under: HubUnderTest;
  let clock = T0;

  beforeAll(async () => {
    under = await startHub(engine, { now: () => clock, defaultStore: { storeId: 'store-a', name: 'Göteborg Avenyn' } });
    await call(under.hub, 'POST', '/admin/stores', under.hub.adminToken, { storeId: 'store-b', name: 'Malmö Triangeln' });
  });
  afterAll(async () => {
    await under?.close();
  });

  it("stores a real till's heartbeat: version, times (on the hub's clock), backlog, dead letters, devices and clock skew", async () => {
    clock = T0;
    const till = await tillOnHub(under.hub, {
      storeId: 'store-a',
      engine: {
        // The till's clock runs 90 s ahead of the hub's.
        now: () => clock + 90_000,
        heartbeat: { version: '9.8.7', devices: () => [{ deviceId: 'front-scanner', transport: 'hid', state: 'error' }] },
      },
    });
    try {
      const status = await till.engine.syncNow();
      expect(status.lastError).toBeNull();
      const enrolment = await readTillEnrolment(till.dataDir);
      const seen = tillIn(await fleet(under.hub, under.hub.adminToken), enrolment?.deviceId ?? 'not enrolled');
      expect(seen).toMatchObject({
        version: '9.8.7', lastSeenAt: T0, clockSkewMs: 90_000, lastPullAt: T0, lastPushAt: null, deadLetters: 0, outboxBacklog: { count: 0, oldestAt: null },
        devices: [{ deviceId: 'front-scanner', transport: 'hid', state: 'error' }], health: 'ok',
      });
    } finally {
      await till.close();
    }
  });

  it('keeps the latest heartbeat only, and refuses a malformed one with problem+json, keeping the last good one', async () => {
    clock = T0;
    const { tillId, token } = await enrolIn(under.hub, 'store-a', 'Kassa latest');
    expect((await call(under.hub, 'POST', '/sync/v1/heartbeat', token, heartbeat({ version: '1.0.0' }))).status).toBe(200);
    expect((await call(under.hub, 'POST', '/sync/v1/heartbeat', token, heartbeat({ version: '1.0.1', deadLetters: 2 }))).status).toBe(200);
    const bad = await call(under.hub, 'POST', '/sync/v1/heartbeat', token, { ...heartbeat(), deadLetters: -1, phone: '+46701234567' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).not.toContain('+46701234567');
    const rows = await under.hub.parts.db.query<{ n: number }>('SELECT count(*)::int AS n FROM till_heartbeats WHERE till_id = $1', [tillId]);
    expect(rows[0]?.n).toBe(1);
    expect(tillIn(await fleet(under.hub, under.hub.adminToken), tillId)).toMatchObject({ version: '1.0.1', deadLetters: 2 });
    expect((await call(under.hub, 'POST', '/sync/v1/heartbeat', 'forged-token', heartbeat())).status).toBe(401);
  });

  // Each row: a till's last heartbeat, then the hub's clock moves on by `later`.
  it.each([
    { what: 'fresh, nothing waiting', beat: {}, later: 0, health: 'ok' },
    { what: 'quiet for exactly 15 minutes', beat: {}, later: 15 * MINUTE, health: 'ok' },
    { what: 'quiet for over 15 minutes', beat: {}, later: 15 * MINUTE + 1, health: 'silent' },
    { what: 'a dead letter', beat: { deadLetters: 1 }, later: 0, health: 'attention' },
    { what: 'a backlog queued 59 minutes ago', beat: { outboxBacklog: { count: 12, oldestAt: T0 - 59 * MINUTE } }, later: 0, health: 'ok' },
    { what: 'a backlog older than an hour', beat: { outboxBacklog: { count: 3, oldestAt: T0 - 61 * MINUTE } }, later: 0, health: 'attention' },
    { what: 'a backlog that grows old while the till keeps syncing', beat: { outboxBacklog: { count: 3, oldestAt: T0 - 50 * MINUTE } }, later: 11 * MINUTE, health: 'attention' },
    { what: 'dead letters, but silent for 20 minutes', beat: { deadLetters: 4 }, later: 20 * MINUTE, health: 'silent' },
    // The backlog's age is on the hub's clock: the till's times are moved by its skew.
    { what: 'a till two hours behind, its backlog queued 10 minutes ago', beat: { sentAt: T0 - 120 * MINUTE, outboxBacklog: { count: 3, oldestAt: T0 - 130 * MINUTE } }, later: 0, health: 'ok' },
    { what: 'a till two hours ahead, its backlog queued 61 minutes ago', beat: { sentAt: T0 + 120 * MINUTE, outboxBacklog: { count: 3, oldestAt: T0 + 59 * MINUTE } }, later: 0, health: 'attention' },
  ] as const)('$what → $health', async ({ beat, later, health }) => {
    clock = T0;
    const { tillId, token } = await enrolIn(under.hub, 'store-b', 'Kassa rule');
    expect((await call(under.hub, 'POST', '/sync/v1/heartbeat', token, heartbeat(beat))).status).toBe(200);
    clock = T0 + later;
    if (health === 'attention' && later > 0) {
      // Still syncing: a heartbeat sent by the till at the later time.
      expect((await call(under.hub, 'POST', '/sync/v1/heartbeat', token, heartbeat({ ...beat, sentAt: clock }))).status).toBe(200);
    }
    expect(tillIn(await fleet(under.hub, under.hub.adminToken), tillId).health).toBe(health);
  });

  it('a till enrolled but never heard from is silent, and an old till without heartbeats still shows with what the hub knows', async () => {
    clock = T0;
    const { tillId, token } = await enrolIn(under.hub, 'store-b', 'Kassa old');
    expect(tillIn(await fleet(under.hub, under.hub.adminToken), tillId)).toMatchObject({ health: 'silent', lastSeenAt: null, version: null });
    const keys = await fetch(`${under.hub.url}/sync/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
    expect(keys.status).toBe(200);
    expect(tillIn(await fleet(under.hub, under.hub.adminToken), tillId)).toMatchObject({ health: 'ok', lastSeenAt: T0, version: null, devices: [] });
  });

  it('notes when a till was last seen to within 30 s: a poll writes last_seen_at only once it is that stale', async () => {
    clock = T0;
    const { tillId, token } = await enrolIn(under.hub, 'store-b', 'Kassa seen');
    const seen = async (at: number): Promise<number | null> => {
      clock = at;
      expect((await fetch(`${under.hub.url}/sync/v1/keys`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      return tillIn(await fleet(under.hub, under.hub.adminToken), tillId).lastSeenAt;
    };
    expect(await seen(T0)).toBe(T0);
    expect(await seen(T0 + 29_999)).toBe(T0);
    expect(await seen(T0 + 30_000)).toBe(T0 + 30_000);
    expect(await seen(T0 + 31_000)).toBe(T0 + 30_000);
    // A hub clock set back (another process, a corrected clock): the later time is not kept as if it were now.
    expect(await seen(T0 + 10_000)).toBe(T0 + 10_000);
  });

  it("a store manager's code opens a session that sees only their store, enforced by the API", async () => {
    clock = T0;
    const { tillId: tillB } = await enrolIn(under.hub, 'store-b', 'Kassa B');
    const issued = await call(under.hub, 'POST', '/admin/store-manager-codes', under.hub.adminToken, { storeId: 'store-a' });
    expect(issued.status).toBe(201);
    const { code } = issued.json as { code: string };

    const signIn = await call(under.hub, 'POST', '/hub/v1/fleet/sessions', null, { code: code.toLowerCase() });
    expect(signIn.status).toBe(201);
    const session = signIn.json as { token: string; storeId: string };
    expect(session.storeId).toBe('store-a');

    const seen = await fleet(under.hub, session.token);
    expect(seen.stores.map((s) => s.storeId)).toEqual(['store-a']);
    expect(JSON.stringify(seen)).not.toContain(tillB);
    const everything = await fleet(under.hub, under.hub.adminToken);
    expect(everything.stores.map((s) => s.storeId).sort()).toEqual(['store-a', 'store-b']);

    // One time only; a session is not an admin token; nothing without a token.
    expect((await call(under.hub, 'POST', '/hub/v1/fleet/sessions', null, { code })).status).toBe(401);
    expect((await call(under.hub, 'POST', '/admin/store-manager-codes', session.token, { storeId: 'store-b' })).status).toBe(401);
    expect((await call(under.hub, 'GET', '/admin/faults', session.token)).status).toBe(401);
    expect((await call(under.hub, 'GET', '/hub/v1/fleet', null)).status).toBe(401);
    expect((await call(under.hub, 'GET', '/hub/v1/fleet', 'smg_forged')).status).toBe(401);

    // The session ends after a working day.
    clock = T0 + 12 * 3_600_000 + 1;
    expect((await call(under.hub, 'GET', '/hub/v1/fleet', session.token)).status).toBe(401);
  });

  it('refuses a code for an unknown store, and an expired code', async () => {
    clock = T0;
    expect((await call(under.hub, 'POST', '/admin/store-manager-codes', under.hub.adminToken, { storeId: 'store-zz' })).status).toBe(404);
    const { code } = (await call(under.hub, 'POST', '/admin/store-manager-codes', under.hub.adminToken, { storeId: 'store-b', ttlSeconds: 60 })).json as { code: string };
    clock = T0 + 61_000;
    expect((await call(under.hub, 'POST', '/hub/v1/fleet/sessions', null, { code })).status).toBe(401);
  });
});
