import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../hub';
import { CrmDeliveryReportSchema } from '../../hub/delivery/crmDeliveryReport';
import { enrolDevice, HUB_ENGINES, hubStorage } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';
import { freePort, killNine, whenPrinted } from './support/hubChildProcess';
import { startCrmStandIn } from './support/crmStandIn';
import type { CrmStandIn } from './support/crmStandIn';
import { adminGet, receiptItem, upload } from './support/deliveryHarness';

const ADMIN = 'admin-token-for-the-delivery-kill-test';
const SCRIPT = path.resolve(import.meta.dirname, 'support/hubWithHttpCrm.ts');

function startHubProcess(storage: HubStorage, port: number, crmUrl: string): Promise<ChildProcessWithoutNullStreams> {
  const env = {
    ...process.env, HUB_PORT: String(port), HUB_ADMIN_TOKEN: ADMIN, HUB_CRM_URL: crmUrl,
    ...(storage.options.databaseUrl !== undefined ? { HUB_DATABASE_URL: storage.options.databaseUrl } : { HUB_DATA_DIR: storage.options.dataDir }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env });
  return whenPrinted(child, 'hub ready', 'the hub');
}


/** Polls until `done` (each look at most every 100 ms), at most `looks` times. */
async function until(done: () => Promise<boolean> | boolean, looks: number): Promise<boolean> {
  for (let i = 0; i < looks; i++) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe.each(HUB_ENGINES)('a hub on %s killed with SIGKILL while it delivers to the CRM', (engine) => {
  let storage: HubStorage | undefined;
  let child: ChildProcessWithoutNullStreams | undefined;
  let crm: CrmStandIn | undefined;
  afterEach(async () => {
    if (child) await killNine(child);
    child = undefined;
    await crm?.close();
    await storage?.remove();
    storage = undefined;
  });

  // Two cold starts of a hub process (PGlite's take long on a loaded machine) and a lease to run out.
  it('delivers every receipt after a restart, at least once, and the CRM keeps each once by its receiptId', { timeout: 240_000 }, async () => {
    storage = await hubStorage(engine);
    crm = await startCrmStandIn(1_000);
    const port = await freePort();
    child = await startHubProcess(storage, port, crm.url);
    const hub = { url: `http://127.0.0.1:${port}`, adminToken: ADMIN } as Hub;
    const token = await enrolDevice(hub);
    const ids = Array.from({ length: 30 }, (_, i) => `R-kill-${i}`);
    const results = await upload(hub, token, ids.map((id) => receiptItem(id, null)));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);

    // Killed with calls in flight: the CRM has taken some that the hub never heard back about.
    const standIn = crm;
    expect(await until(() => standIn.requests >= 6, 300)).toBe(true);
    await killNine(child);
    const heardBeforeKill = standIn.requests;

    child = await startHubProcess(storage, port, crm.url);
    const delivered = await until(async () => {
      const report = CrmDeliveryReportSchema.parse(await adminGet(hub, '/admin/deliveries'));
      return report.counts.delivered === ids.length;
    }, 600);
    expect(delivered).toBe(true);
    const report = CrmDeliveryReportSchema.parse(await adminGet(hub, '/admin/deliveries'));
    expect(report.counts).toMatchObject({ pending: 0, failed: 0, delivered: ids.length });
    expect([...standIn.receipts.keys()].sort()).toEqual([...ids].sort());
    // The ones in flight at the kill were sent again after their lease ran out; the CRM answered those `duplicate`.
    expect(heardBeforeKill).toBeLessThan(ids.length);
    expect([...standIn.receipts.values()].some((calls) => calls >= 2)).toBe(true);
  });
});
