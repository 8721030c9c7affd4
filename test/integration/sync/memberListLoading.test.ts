import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTill, type RunningTill } from '../../../main/compose/startTill';
import type { SyncEngine } from '../../../sync/client';
import { enrolledTillDir, silentLogger, startCrm, type CrmUnderTest } from './support/syncHarness';

// A real till enrolled with the emulated CRM, before and after its very first copy of the member list. Until the copy
// is complete, a miss is no proof that the person is not a member: the POS API says so. (Before: a plain not_found,
// and the cashier signed an existing member up twice.)
let under: CrmUnderTest;
let dataDir: string;
let running: RunningTill;
let engine: SyncEngine;

beforeAll(async () => {
  under = await startCrm({ members: 40 });
  dataDir = await enrolledTillDir(under);
  // The CRM refuses every bootstrap page: the first copy cannot complete.
  await under.admin.faults({ errorRate: 1, routes: ['bootstrap'] });
  // The test syncs when it means to: the engine's own pulls wait an hour.
  await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ sync: { pullIntervalSeconds: 3600 } }));
  running = await startTill({ dataDir, logger: silentLogger, port: 0 });
  engine = running.sync;
  await engine.syncNow();
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await running?.close();
  await under?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function api(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${running.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
}

const identify = (input: string) => api('POST', '/api/v1/identify', { input, source: 'typed' });

describe('identification during the very first copy of the member list', () => {
  it('says that the member list is still loading: on a miss and in health', async () => {
    const member = under.crm.demoMember(0);
    expect(await identify(member.phoneLocal)).toEqual({ result: 'not_found', kind: 'phone', assurance: 'claimed', memberList: { state: 'loading', done: 0, total: 0 } });
    expect(await api('GET', '/api/v1/health')).toMatchObject({ memberList: { state: 'loading', done: 0, total: 0 } });
  });

  it('says nothing of it once the copy is complete, and the same member is found', async () => {
    await under.admin.faults({});
    await engine.syncNow();
    const member = under.crm.demoMember(0);
    expect(await identify(member.phoneLocal)).toMatchObject({ result: 'identified', profile: { id: member.profileId } });
    const miss = await identify('070-000 00 01');
    expect(miss).toMatchObject({ result: 'not_found' });
    expect(miss).not.toHaveProperty('memberList');
    expect(await api('GET', '/api/v1/health')).not.toHaveProperty('memberList');
  });

  it('not during a later copy: the complete one keeps answering while the new one loads', async () => {
    await under.admin.faults({ errorRate: 1, routes: ['bootstrap'] });
    await engine.rebootstrap();
    expect(engine.status().bootstrap.state).toBe('running');
    const miss = await identify('070-000 00 01');
    expect(miss).toMatchObject({ result: 'not_found' });
    expect(miss).not.toHaveProperty('memberList');
    expect(await identify(under.crm.demoMember(1).phoneLocal)).toMatchObject({ result: 'identified' });
    await under.admin.faults({});
  });
});
