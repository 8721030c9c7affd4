import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a Swedish SMS gateway's send endpoint, shaped like 46elks' `POST /a1/sms` (Cellsynt's is the same
 * idea): a form-encoded body of `from`, `to` (E.164) and `message`, HTTP basic auth. Rules it enforces, from
 * 46elks' public reference:
 * - no or wrong credentials: 401;
 * - anything but `application/x-www-form-urlencoded`, a missing field, `to` not in E.164, `from` neither 3-11
 *   alphanumerics starting with a letter nor a number: 403 with a plain-text reason (46elks answers 403 for these);
 * - sent: 200 with `{id, status: "created", from, to, message, direction: "outgoing", parts}`.
 * It records every accepted message. Faults are queued: a 5xx, a 429, or a hang.
 */
export interface RecordedSms {
  from: string;
  to: string;
  message: string;
}

export type SmsGatewayFault = 'serverError' | 'tooManyRequests' | 'hang';

export interface SmsGatewayStandIn {
  /** http://127.0.0.1:<port>/a1/sms */
  url: string;
  user: string;
  password: string;
  messages: RecordedSms[];
  fault(fault: SmsGatewayFault, count?: number): void;
  /** Requests seen, accepted or not. */
  requests(): number;
  close(): Promise<void>;
}

export async function startSmsGatewayStandIn(credentials = { user: 'u1234567890abcdef', password: 'gateway-secret-password' }): Promise<SmsGatewayStandIn> {
  const messages: RecordedSms[] = [];
  const faults: SmsGatewayFault[] = [];
  let seen = 0;
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

  const text = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    seen++;
    if (req.method !== 'POST' || req.url !== '/a1/sms') return text(res, 404, 'Not found');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const fault = faults.shift();
    if (fault === 'hang') return;
    if (fault === 'serverError') return text(res, 503, 'Service temporarily unavailable');
    if (fault === 'tooManyRequests') return text(res, 429, 'Too many requests');
    if (req.headers.authorization !== expected) {
      res.setHeader('www-authenticate', 'Basic realm="46elks"');
      return text(res, 401, 'Unauthorized');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return text(res, 403, 'Content-Type must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const from = form.get('from');
    const to = form.get('to');
    const message = form.get('message');
    if (!from || !to || !message) return text(res, 403, 'Missing key from, to or message');
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return text(res, 403, 'Invalid to number');
    if (!/^([A-Za-z][A-Za-z0-9]{2,10}|\+[1-9]\d{6,14})$/.test(from)) return text(res, 403, 'Invalid from');
    messages.push({ from, to, message });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `s${randomUUID().replace(/-/g, '')}`, status: 'created', from, to, message, direction: 'outgoing', parts: 1, created: new Date().toISOString() }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => text(res, 500, 'stand-in failure'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/a1/sms`,
    ...credentials,
    messages,
    fault: (fault, count = 1) => {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    requests: () => seen,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
