// The hub's outbound queue to the CRM on real PostgreSQL (a throwaway cluster on 127.0.0.1, or TILLID_TEST_PG_URL):
// how fast one hub process's delivery worker (its default 4 loops) drains queued receipts into a connector that
// answers at once, so the figure is the queue's own cost per delivery (claim, read, record). It must stay above
// Voyado Engage's 50 requests/s per API key, the ceiling a real connector delivers at (issue 10).
import pino from 'pino';
import { createHub } from '../../hub';
import { createTestDatabase } from '../support/postgres/testDatabase';
import { startThrowawayCluster } from '../support/postgres/throwawayCluster';
import { enrolDevice } from '../hub/support/hubUnderTest';
import { receiptItem, upload } from '../hub/support/deliveryHarness';
import { ScriptedConnector } from '../hub/support/scriptedConnector';
import { atLeast } from './support/figure';

export const name = 'crmDelivery';

const RECEIPTS = 2_000;
const VOYADO_REQUESTS_PER_SECOND = 50;

async function drain(serverUrl: string): Promise<{ receipts: number; seconds: number; deliveredToCrm: number }> {
  const database = await createTestDatabase(serverUrl);
  const connector = new ScriptedConnector();
  const hub = await createHub({ databaseUrl: database.url, logger: pino({ enabled: false }), connector, changePoll: { intervalMs: 0 }, delivery: { intervalMs: 50 } });
  try {
    // Queue first (the worker stopped), then time the drain alone.
    await hub.deliveryWorker?.stop();
    const token = await enrolDevice(hub);
    for (let i = 0; i < RECEIPTS; i += 100) await upload(hub, token, Array.from({ length: 100 }, (_, j) => receiptItem(`R-bench-${i + j}`, null)));
    const owed = async (): Promise<number> =>
      (await hub.parts.db.query<{ n: number }>("SELECT count(*)::int AS n FROM crm_deliveries WHERE state <> 'delivered'"))[0]?.n ?? -1;
    const started = performance.now();
    hub.deliveryWorker?.start();
    // Bounded: 10 minutes at most.
    for (let look = 0; look < 30_000 && (await owed()) > 0; look++) await new Promise((resolve) => setTimeout(resolve, 20));
    return { receipts: RECEIPTS, seconds: (performance.now() - started) / 1000, deliveredToCrm: connector.receipts.size };
  } finally {
    await hub.close();
    await database.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const given = process.env.TILLID_TEST_PG_URL;
  const cluster = given === undefined || given === '' ? await startThrowawayCluster() : null;
  try {
    const drained = await drain(cluster?.url ?? (given as string));
    const perSecond = drained.deliveredToCrm / drained.seconds;
    return {
      postgres: cluster ? 'a throwaway cluster (fsync off)' : 'TILLID_TEST_PG_URL',
      ...drained,
      seconds: Math.round(drained.seconds * 100) / 100,
      deliveriesPerSecond: atLeast(perSecond, VOYADO_REQUESTS_PER_SECOND, 'deliveries/s'),
    };
  } finally {
    cluster?.stop();
  }
}
