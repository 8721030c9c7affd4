import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * A stand-in for BankID's Relying Party API v6 (https://developers.bankid.com, "Auth & Sign" API), enforcing what
 * its reference says a relying party meets:
 * - mutual TLS: a client without a certificate from the RP CA is refused in the handshake;
 * - POST with `Content-Type: application/json` only (else 415 `unsupportedMediaType`);
 * - /auth needs `endUserIp` (an IP address) and answers `{orderRef, autoStartToken, qrStartToken, qrStartSecret}`;
 *   a bad body is 400 `invalidParameters`;
 * - /collect answers `pending` with a hintCode until the order ends `complete` (with completionData) or `failed`;
 *   once ended, the order is gone (400 `invalidParameters`), as BankID forgets finished orders;
 * - /cancel of a pending order answers `{}`, of an unknown one 400 `invalidParameters`;
 * - errors are `{errorCode, details}`.
 * Each order replays a scripted hintCode sequence, one step per collect. Faults are queued per method.
 */

export type BankIdScript = {
  hints: string[];
  end: { status: 'complete'; personalNumber: string } | { status: 'failed'; hintCode: string };
};

export type BankIdFault = 'internalError' | 'maintenance' | 'malformedJson' | 'wrongShape' | 'hang';

export interface BankIdStandInCall {
  method: 'auth' | 'collect' | 'cancel';
  body: Record<string, unknown>;
}

interface Order {
  script: BankIdScript;
  step: number;
}

export interface BankIdStandIn {
  /** https://127.0.0.1:<port>/rp/v6.0 */
  url: string;
  calls: BankIdStandInCall[];
  /** What each /auth answered, in order. */
  issued: { orderRef: string; qrStartToken: string; qrStartSecret: string }[];
  /** The script the next /auth gets (default: two pending hints, then complete for 199001011234). */
  nextScript(script: BankIdScript): void;
  /** The next `count` calls of `method` fail this way (a hang never answers until close). */
  fault(method: BankIdStandInCall['method'], fault: BankIdFault, count?: number): void;
  /** Orders still open at the stand-in. */
  openOrders(): number;
  close(): Promise<void>;
}

const AuthBodySchema = z.object({
  endUserIp: z.string().refine((ip) => isIP(ip) !== 0, 'endUserIp must be an IP address'),
  requirement: z.object({ certificatePolicies: z.array(z.string()).optional(), pinCode: z.boolean().optional() }).loose().optional(),
}).loose();
const OrderRefBodySchema = z.object({ orderRef: z.string().min(1) });

export const DEFAULT_SCRIPT: BankIdScript = { hints: ['outstandingTransaction', 'started', 'userSign'], end: { status: 'complete', personalNumber: '199001011234' } };

export async function startBankIdStandIn(tls: { key: Buffer; cert: Buffer; clientCa: Buffer }): Promise<BankIdStandIn> {
  const orders = new Map<string, Order>();
  const scripts: BankIdScript[] = [];
  const faults: Record<BankIdStandInCall['method'], BankIdFault[]> = { auth: [], collect: [], cancel: [] };
  const calls: BankIdStandInCall[] = [];
  const issued: BankIdStandIn['issued'] = [];

  const reply = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const invalid = (res: ServerResponse, details: string): void => reply(res, 400, { errorCode: 'invalidParameters', details });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = /^\/rp\/v6\.0\/(auth|collect|cancel)$/.exec(req.url ?? '')?.[1] as BankIdStandInCall['method'] | undefined;
    if (req.method !== 'POST' || method === undefined) return reply(res, 404, { errorCode: 'notFound', details: 'no such endpoint' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(res, 415, { errorCode: 'unsupportedMediaType', details: 'Content-Type must be application/json' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return invalid(res, 'the body is not JSON');
    }
    calls.push({ method, body });
    const fault = faults[method].shift();
    if (fault === 'hang') return;
    if (fault === 'internalError') return reply(res, 500, { errorCode: 'internalError', details: 'Internal error' });
    if (fault === 'maintenance') return reply(res, 503, { errorCode: 'maintenance', details: 'Service unavailable' });
    if (fault === 'malformedJson') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"orderRef": "');
    }
    if (fault === 'wrongShape') return reply(res, 200, { status: 'unheard-of', orders: 42 });

    if (method === 'auth') {
      const parsed = AuthBodySchema.safeParse(body);
      if (!parsed.success) return invalid(res, 'endUserIp missing or not an IP address');
      const order = { orderRef: randomUUID(), qrStartToken: randomUUID(), qrStartSecret: randomUUID() };
      orders.set(order.orderRef, { script: scripts.shift() ?? DEFAULT_SCRIPT, step: 0 });
      issued.push(order);
      return reply(res, 200, { ...order, autoStartToken: randomUUID() });
    }
    const parsed = OrderRefBodySchema.safeParse(body);
    if (!parsed.success) return invalid(res, 'orderRef missing');
    const { orderRef } = parsed.data;
    const order = orders.get(orderRef);
    if (!order) return invalid(res, 'No such order');
    if (method === 'cancel') {
      orders.delete(orderRef);
      return reply(res, 200, {});
    }
    const { hints, end } = order.script;
    if (order.step < hints.length) return reply(res, 200, { orderRef, status: 'pending', hintCode: hints[order.step++] });
    orders.delete(orderRef);
    if (end.status === 'failed') return reply(res, 200, { orderRef, status: 'failed', hintCode: end.hintCode });
    return reply(res, 200, {
      orderRef, status: 'complete',
      completionData: {
        user: { personalNumber: end.personalNumber, name: 'Karl Karlsson', givenName: 'Karl', surname: 'Karlsson' },
        device: { ipAddress: '192.0.2.1', uhi: 'OZvYM9VvyiAmG7NA5jU5zRGcHTb5ryIm9NTSCFIBz5c=' },
        bankIdIssueDate: '2020-02-01', stepUp: { mrtd: false }, signature: 'PD94bWwgdmVyc2lvbj0iMS4wIj8+', ocspResponse: 'MIIHfgoBAKCCB3cw',
      },
    });
  }

  const server = https.createServer({ key: tls.key, cert: tls.cert, ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    handle(req, res).catch(() => reply(res, 500, { errorCode: 'internalError', details: 'stand-in failure' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/rp/v6.0`,
    calls,
    issued,
    nextScript: (script) => scripts.push(script),
    fault: (method, fault, count = 1) => {
      for (let i = 0; i < count; i++) faults[method].push(fault);
    },
    openOrders: () => orders.size,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
