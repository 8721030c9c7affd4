import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, inject } from 'vitest';
import { createHub } from '../../../hub';
import type { Hub, HubOptions } from '../../../hub';
import { writeTransaction } from '../../../hub/db/sql';
import type { IdentifierTuple } from '../../../sync/protocol';
import { createTestDatabase } from '../../support/postgres/testDatabase';

/** Every hub test runs against both: a real PostgreSQL server and PGlite embedded in a data directory. */
export const HUB_ENGINES = ['postgres', 'pglite'] as const;
export type HubEngine = (typeof HUB_ENGINES)[number];

export const silentLogger = pino({ enabled: false });

/** Where a hub keeps its state in a test: a fresh PostgreSQL database or a fresh PGlite folder. */
export interface HubStorage {
  engine: HubEngine;
  options: Pick<HubOptions, 'databaseUrl' | 'dataDir'>;
  remove(): Promise<void>;
}

export async function hubStorage(engine: HubEngine): Promise<HubStorage> {
  if (engine === 'postgres') {
    const database = await createTestDatabase(inject('postgresUrl'));
    return { engine, options: { databaseUrl: database.url }, remove: () => database.drop() };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-hub-'));
  return { engine, options: { dataDir: dir }, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface HubUnderTest {
  hub: Hub;
  storage: HubStorage;
  /** Stops the hub and removes its database or data folder. */
  close(): Promise<void>;
}

export async function startHub(engine: HubEngine, options: Partial<HubOptions> = {}): Promise<HubUnderTest> {
  const storage = await hubStorage(engine);
  try {
    const hub = await createHub({ ...storage.options, logger: silentLogger, ...options });
    return {
      hub,
      storage,
      close: async () => {
        await hub.close();
        await storage.remove();
      },
    };
  } catch (error) {
    await storage.remove();
    throw error;
  }
}

/**
 * A hub for each test of the enclosing describe block: the answer starts it (inside a test, with that test's options),
 * and it is stopped and its storage removed after the test (afterEach), passed or not.
 */
export function hubPerTest(engine: HubEngine): (options?: Partial<HubOptions>) => Promise<HubUnderTest> {
  let under: HubUnderTest | undefined;
  afterEach(async () => {
    const started = under;
    under = undefined;
    await started?.close();
  });
  return async (options = {}) => {
    if (under) throw new Error('this test already started its hub');
    under = await startHub(engine, options);
    return under;
  };
}

/** Deterministic member `i`: its id, a Swedish mobile number, an e-mail and a card. */
export function testMember(i: number): { profileId: string; firstName: string; phone: string; email: string; card: string } {
  return {
    profileId: `C-${String(i).padStart(6, '0')}`,
    firstName: `Member${i}`,
    phone: `+4670${String(1_000_000 + i).slice(-7)}`,
    email: `member${i}@example.se`,
    card: `6001${String(i).padStart(8, '0')}`,
  };
}

/** Puts members 0..n-1 into the mirror the way a connector's import does. */
export async function seedMembers(hub: Hub, count: number, now = Date.now()): Promise<void> {
  const { db, mirror } = hub.parts;
  const chunk = 250;
  for (let start = 0; start < count; start += chunk) {
    await writeTransaction(db, async (tx) => {
      for (let i = start; i < Math.min(count, start + chunk); i++) {
        const m = testMember(i);
        const identifiers: IdentifierTuple[] = [['phone', m.phone], ['email', m.email], ['card', m.card]];
        await mirror.upsert(tx, {
          profileId: m.profileId, firstName: m.firstName, lastName: 'Testsson', displayName: `${m.firstName} T`, tier: 'member',
          pointsBalance: i, pointsAsOf: now, identifiers,
        }, now);
      }
    });
  }
}

/** A one-time enrolment code from the admin API. */
export async function enrolmentCode(hub: Hub, storeId?: string): Promise<string> {
  const response = await fetch(`${hub.url}/admin/enrolment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(storeId === undefined ? {} : { storeId }),
  });
  if (response.status !== 201) throw new Error(`enrolment code: HTTP ${response.status}`);
  return ((await response.json()) as { code: string }).code;
}

/** Enrols a bare device over HTTP and answers its bearer token. */
export async function enrolDevice(hub: Hub, tillName = 'probe'): Promise<string> {
  const response = await fetch(`${hub.url}/sync/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: await enrolmentCode(hub), tillName }),
  });
  return ((await response.json()) as { credentials: { token: string } }).credentials.token;
}
