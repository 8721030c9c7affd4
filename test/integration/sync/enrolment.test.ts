import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE } from '../../../sync/client/credentialStore';
import { enrolTill } from '../../../sync/client/enrolTill';
import type { SyncFailure } from '../../../sync/client/syncFailure';
import { ENROLMENT_FILE, readTillEnrolment } from '../../../sync/client/tillEnrolment';
import type { CrmUnderTest } from './support/syncHarness';
import { openTill, silentLogger, startCrm } from './support/syncHarness';

let crmA: CrmUnderTest;
let crmB: CrmUnderTest;
const dirs: string[] = [];

beforeAll(async () => {
  crmA = await startCrm({ members: 120, seed: 11 });
  crmB = await startCrm({ members: 80, seed: 12 });
});
afterAll(async () => {
  await crmA?.close();
  await crmB?.close();
});
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-enrol-'));
  dirs.push(dir);
  return dir;
}

async function failureOf(promise: Promise<unknown>): Promise<SyncFailure> {
  try {
    await promise;
  } catch (error) {
    return error as SyncFailure;
  }
  throw new Error('expected a failure');
}

describe('enrolment', () => {
  it('stores the device, store and CRM, with the token in a 0600 file', async () => {
    const dataDir = await freshDir();
    const code = await crmA.admin.enrolmentCode();
    const enrolment = await enrolTill({ crmUrl: `${crmA.crm.url}/`, code, dataDir, tillName: 'Kassa 2', logger: silentLogger });

    expect(enrolment).toMatchObject({ crmUrl: crmA.crm.url, storeId: 'store-1', tillName: 'Kassa 2', deviceId: expect.any(String) });
    expect(await readTillEnrolment(dataDir)).toEqual(enrolment);
    expect((await stat(path.join(dataDir, CREDENTIALS_FILE))).mode & 0o777).toBe(0o600);
    const enrolmentText = await readFile(path.join(dataDir, ENROLMENT_FILE), 'utf8');
    const token = JSON.parse(await readFile(path.join(dataDir, CREDENTIALS_FILE), 'utf8')).token as string;
    expect(enrolmentText).not.toContain(token);
    expect(enrolmentText).not.toContain(code);
  });

  it.each<[string, (code: string) => Promise<string>, string]>([
    ['a used code', async (code) => code, 'enrolment_code_used'],
    ['an unknown code', async () => 'ZZZZ-9999', 'enrolment_code_invalid'],
  ])('refuses %s clearly and writes nothing', async (_name, secondCode, problemType) => {
    const code = await crmA.admin.enrolmentCode();
    await enrolTill({ crmUrl: crmA.crm.url, code, dataDir: await freshDir(), tillName: 'first', logger: silentLogger });
    const dataDir = await freshDir();
    const failure = await failureOf(enrolTill({ crmUrl: crmA.crm.url, code: await secondCode(code), dataDir, tillName: 'second', logger: silentLogger }));
    expect(failure).toMatchObject({ kind: 'enrolment_refused', problemType });
    expect(failure.message).not.toContain(code);
    expect(await readTillEnrolment(dataDir)).toBeNull();
  });

  it.each([['not a URL', 'crm.example'], ['not http', 'ftp://127.0.0.1/']])('refuses a CRM address that is %s', async (_name, crmUrl) => {
    const failure = await failureOf(enrolTill({ crmUrl, code: 'ABCD-1234', dataDir: await freshDir(), tillName: 'x' }));
    expect(failure.kind).toBe('rejected_request');
  });

  it('a running engine waits for an enrolment made later, then syncs without a restart', async () => {
    const dataDir = await freshDir();
    const till = openTill(dataDir);
    try {
      const before = await till.engine.syncNow();
      expect(before).toMatchObject({ enrolled: false, online: false, lastError: { kind: 'not_enrolled' } });

      await enrolTill({ crmUrl: crmA.crm.url, code: await crmA.admin.enrolmentCode(), dataDir, tillName: 'late', logger: silentLogger });
      const after = await till.engine.syncNow();
      expect(after).toMatchObject({ enrolled: true, online: true, lastError: null, cacheProfiles: 120 });
    } finally {
      await till.shutdown();
    }
  });

  it('re-enrolled with another CRM, the till replaces the old CRM’s members with a fresh copy', async () => {
    const dataDir = await freshDir();
    await enrolTill({ crmUrl: crmA.crm.url, code: await crmA.admin.enrolmentCode(), dataDir, tillName: 'moving', logger: silentLogger });
    const till = openTill(dataDir);
    try {
      expect((await till.engine.syncNow()).cacheProfiles).toBe(120);
      const memberOfA = crmA.crm.demoMember(0);

      await enrolTill({ crmUrl: crmB.crm.url, code: await crmB.admin.enrolmentCode(), dataDir, tillName: 'moving', logger: silentLogger });
      const status = await till.engine.syncNow();

      expect(status).toMatchObject({ online: true, cacheProfiles: 80, lastError: null });
      expect(till.cache.profiles.findByIdentifier('phone', crmB.crm.demoMember(3).phone)?.id).toBe(crmB.crm.demoMember(3).profileId);
      // CRM A's member is gone unless CRM B happens to have the same phone for the same id
      const found = till.cache.profiles.findByIdentifier('phone', memberOfA.phone);
      expect(found === undefined || found.id === crmB.crm.demoMember(0).profileId).toBe(true);
    } finally {
      await till.shutdown();
    }
  });
});

describe('stop', () => {
  it('ends a bootstrap between pages, and the next start resumes it', async () => {
    const dataDir = await freshDir();
    await enrolTill({ crmUrl: crmA.crm.url, code: await crmA.admin.enrolmentCode(), dataDir, tillName: 'stopper', logger: silentLogger });
    const first = openTill(dataDir, { bootstrapPageSize: 10 });
    let stopping: Promise<void> | null = null;
    first.engine.on('progress', (p) => {
      if (p.state === 'running' && p.done >= 30) stopping ??= first.engine.stop();
    });
    first.engine.start();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (stopping) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await stopping;
    const stopped = first.engine.status();
    expect(stopped.bootstrap.state).toBe('running');
    expect(stopped.bootstrap.done).toBeLessThan(120);
    await first.shutdown();

    const second = openTill(dataDir, { bootstrapPageSize: 10 });
    try {
      const progress: number[] = [];
      second.engine.on('progress', (p) => progress.push(p.done));
      const status = await second.engine.syncNow();
      expect(progress[0]).toBeGreaterThanOrEqual(30);
      expect(status).toMatchObject({ cacheProfiles: 120, bootstrap: { state: 'done' } });
    } finally {
      await second.shutdown();
    }
  });
});
