// The Voyado connector at the 50 requests/s ceiling, against the stand-in on 127.0.0.1 (which counts every request
// per key per second and answers 429 above 50):
// - mirror fill: a hub started with the connector's full import from a date fills its mirror from N contacts (two
//   requests each: the contact and its point account), members/s and requests/s beside the ceiling; the database is
//   migrated by a hub without a connector first, so the seconds are the import's, not the migrations';
// - receipts: R receipts pushed at once, delivered per second beside the ceiling (one request each).
import { createHub } from '../../../hub';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import { VOYADO_REQUESTS_PER_SECOND } from '../../../hub/connectors/voyado/voyadoOptions';
import { ReceiptPayloadSchema } from '../../../sync/protocol';
import { silentLogger } from '../../hub/support/hubUnderTest';
import { createTestDatabase } from '../../support/postgres/testDatabase';
import { startVoyadoStandIn } from '../../support/voyadoStandIn';
import { atMost } from './figure';

const FILL_MEMBERS = 500;
const RECEIPTS = 500;
const round = (x: number): number => Math.round(x * 10) / 10;

/** `value` per second beside the ceiling of 50/s: met when at or below it (the ceiling is what Voyado allows). */
function besideCeiling(value: number, unit: string) {
  return { ...atMost(round(value), VOYADO_REQUESTS_PER_SECOND, unit), shareOfCeiling: round((value / VOYADO_REQUESTS_PER_SECOND) * 100) / 100 };
}

export async function voyadoCeilingFigures(serverUrl: string): Promise<Record<string, unknown>> {
  const standIn = await startVoyadoStandIn({ perSecond: VOYADO_REQUESTS_PER_SECOND });
  const database = await createTestDatabase(serverUrl);
  try {
    const createdFrom = new Date(Date.now() - 60_000);
    const contacts = Array.from({ length: FILL_MEMBERS }, (_, i) => {
      const c = standIn.contacts.add({ firstName: `Bench${i}`, lastName: 'Voyado', mobilePhone: `+4670${String(2_000_000 + i).padStart(7, '0')}`, email: `bench${i}@example.se` });
      standIn.ledger.setBalance(c.id, i);
      return c;
    });
    await (await createHub({ databaseUrl: database.url, logger: silentLogger })).close();
    const connector = createVoyadoConnector({ baseUrl: standIn.url, apiKey: standIn.apiKey, version: 'bench', importFrom: createdFrom });
    const fillStarted = performance.now();
    const hub = await createHub({ databaseUrl: database.url, logger: silentLogger, connector, changePoll: { intervalMs: 0 } });
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const fillRequests = standIn.rate.total;
    const mirrored = await hub.parts.mirror.count(hub.parts.db);
    await hub.close();
    const fillPeak = standIn.rate.maxInAnySecond;

    const push = connector.push;
    if (!push) throw new Error('the voyado connector has a push');
    const before = standIn.rate.total;
    const sendStarted = performance.now();
    const answers = await Promise.all(Array.from({ length: RECEIPTS }, (_, i) => push.receipt(ReceiptPayloadSchema.parse({
      receiptId: `R-bench-${i}`, profileId: null, createdAt: new Date().toISOString(), currency: 'SEK', total: 100,
      lines: [{ sku: '7310865004703', description: 'Kaffe', quantity: 1, unitPrice: 100, amount: 100 }], payments: [{ method: 'card', amount: 100 }], tillId: 'bench',
    }), (contacts[i % contacts.length] as { id: string }).id, 'bench-store')));
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    const delivered = answers.filter((a) => a.status === 'accepted').length;
    return {
      mirrorFill: {
        members: FILL_MEMBERS, mirrored, requests: fillRequests, seconds: round(fillSeconds),
        membersPerSecond: round(mirrored / fillSeconds),
        requestsPerSecond: besideCeiling(fillRequests / fillSeconds, 'requests/s'),
      },
      receipts: {
        sent: RECEIPTS, delivered, storedOnce: standIn.ledger.receipts.size, requests: standIn.rate.total - before, seconds: round(sendSeconds),
        receiptsPerSecond: besideCeiling(delivered / sendSeconds, 'receipts/s'),
      },
      peakRequestsInAnySecond: atMost(Math.max(fillPeak, standIn.rate.maxInAnySecond), VOYADO_REQUESTS_PER_SECOND, 'requests/s'),
      answered429: atMost(standIn.rate.throttled, 0, 'requests'),
    };
  } finally {
    await standIn.close();
    await database.drop();
  }
}
