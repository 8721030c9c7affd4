import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CrmStandIn {
  url: string;
  /** Calls per receiptId (the CRM keeps each receipt once, however often it is sent). */
  receipts: Map<string, number>;
  /** Requests received, answered or not. */
  requests: number;
  close(): Promise<void>;
}

/**
 * A CRM on 127.0.0.1 for hubs in child processes: takes receipts (`duplicate` for one it has), answering each after
 * `latencyMs`, so a hub killed with SIGKILL dies with deliveries in flight.
 */
export async function startCrmStandIn(latencyMs: number): Promise<CrmStandIn> {
  const receipts = new Map<string, number>();
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.requests++;
      const { receiptId } = JSON.parse(body) as { receiptId: string };
      const seen = receipts.get(receiptId) ?? 0;
      receipts.set(receiptId, seen + 1);
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: seen > 0 ? 'duplicate' : 'accepted', value: null }));
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    receipts,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
