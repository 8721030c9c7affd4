import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminReceiptsSchema, AdminStatsSchema } from '../../../hub/routes/adminAnswerSchemas';
import { FaultSettingsSchema } from '../../../hub/routes/adminFaultRoutes';
import { BootstrapPageSchema, UploadResponseSchema } from '../../../sync/protocol';
import { CrmHarness, problemOf, receiptItem } from './support/crmHarness';

type Outcome = 'socket' | `status ${number}` | 'garbled' | 'ok';

describe('injected faults', () => {
  let h: CrmHarness;
  let token: string;
  beforeEach(async () => {
    h = await CrmHarness.start({ members: 20, faultSeed: 1234 });
    token = await h.enrolTill();
  });
  afterEach(async () => h.stop());

  const setFaults = async (settings: Record<string, unknown>) => h.adminOk('POST', '/admin/faults', FaultSettingsSchema, settings);
  const stats = async () => h.adminOk('GET', '/admin/stats', AdminStatsSchema);

  /** One upload of `item`, classified by what the till would see. */
  async function tryUpload(item: ReturnType<typeof receiptItem>): Promise<Outcome> {
    try {
      const answer = await h.request('POST', '/sync/v1/upload', { token, body: { items: [item] } });
      if (answer.status !== 200) return `status ${answer.status}`;
      return UploadResponseSchema.safeParse(answer.json).success ? 'ok' : 'garbled';
    } catch {
      return 'socket';
    }
  }

  it('reset: the connection drops and nothing is applied', async () => {
    await setFaults({ resetRate: 1, routes: ['upload'] });
    expect(await tryUpload(receiptItem('R-1', null))).toBe('socket');
    expect((await h.adminOk('GET', '/admin/receipts', AdminReceiptsSchema)).receipts).toEqual([]);
    expect((await stats()).faultsInjected.reset).toBe(1);
  });

  it('error: 503 unavailable with Retry-After, nothing applied', async () => {
    await setFaults({ errorRate: 1 });
    const answer = await h.request('GET', '/sync/v1/keys', { token });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(problemOf(answer).type).toBe('unavailable');
    expect(await tryUpload(receiptItem('R-1', null))).toBe('status 503');
    expect((await h.adminOk('GET', '/admin/receipts', AdminReceiptsSchema)).receipts).toEqual([]);
  });

  it('commitThenFail: applied, the answer lost (dropped or 500), and the retry answers duplicate', async () => {
    await setFaults({ commitThenFailRate: 1, routes: ['upload'] });
    const ids = Array.from({ length: 12 }, (_, i) => `R-${i}`);
    const items = ids.map((id) => receiptItem(id, 'P00000001'));
    const outcomes: Outcome[] = [];
    for (const item of items) outcomes.push(await tryUpload(item));
    expect(new Set(outcomes)).toEqual(new Set(['socket', 'status 500']));

    await setFaults({});
    for (const item of items) {
      const { results } = await h.upload(token, [item]);
      expect(results[0]?.status).toBe('duplicate');
    }
    const held = (await h.adminOk('GET', '/admin/receipts', AdminReceiptsSchema)).receipts.map((r) => r.receiptId);
    expect(held.sort()).toEqual([...ids].sort());
  });

  it('malformed: a 200 whose body is truncated or violates the schema', async () => {
    await setFaults({ malformedRate: 1, routes: ['bootstrap'] });
    const kinds = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const answer = await h.request('GET', '/sync/v1/bootstrap?limit=5', { token });
      expect(answer.status).toBe(200);
      expect(BootstrapPageSchema.safeParse(answer.json).success).toBe(false);
      kinds.add(answer.json === undefined ? 'truncated' : 'schema-violating');
    }
    expect(kinds).toEqual(new Set(['truncated', 'schema-violating']));
  });

  it('malformed on upload: applied, so the retry answers duplicate', async () => {
    await setFaults({ malformedRate: 1, routes: ['upload'] });
    const item = receiptItem('R-m', null);
    expect(await tryUpload(item)).toBe('garbled');
    await setFaults({});
    expect((await h.upload(token, [item])).results[0]?.status).toBe('duplicate');
  });

  it('latency: counted on every sync request it delays', async () => {
    await setFaults({ latencyMs: 20 });
    await h.request('GET', '/sync/v1/keys', { token });
    await h.request('GET', '/sync/v1/keys', { token });
    expect((await stats()).faultsInjected.latency).toBe(2);
  });

  it('rates between 0 and 1 fire some of the time, and never on the admin API', async () => {
    await setFaults({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await h.request('GET', '/sync/v1/keys', { token })).status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    await setFaults({ errorRate: 1, resetRate: 1, commitThenFailRate: 1, malformedRate: 1 });
    expect((await h.admin('GET', '/admin/stats')).status).toBe(200);
  });

  it('all zero: back to normal', async () => {
    await setFaults({ errorRate: 1 });
    await setFaults({});
    expect((await h.request('GET', '/sync/v1/keys', { token })).status).toBe(200);
  });

  it.each([[{ errorRate: 2 }], [{ latencyMs: -1 }], [{ routes: ['admin'] }]])('refuses settings %j', async (settings) => {
    expect((await h.admin('POST', '/admin/faults', settings)).status).toBe(400);
  });
});
