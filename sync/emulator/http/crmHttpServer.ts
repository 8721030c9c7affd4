import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROTOCOL_VERSION, SYNC_HEADERS } from '../../protocol';
import type { CrmParts } from '../crmParts';
import type { FaultPlan } from './faultInjector';
import { readJsonBody } from './readJsonBody';
import { problemReply, syncProblem } from './replies';
import { matchRoute } from './routeTable';
import type { Reply, Route } from './routeTable';

const DEFAULT_BODY_LIMIT = 64 * 1024;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m ? (m[1] as string) : null;
}

/** The emulated CRM's HTTP server: route table, auth, protocol header, injected faults, problems. */
export function createCrmHttpServer(parts: CrmParts, routes: readonly Route[], adminToken: string): Server {
  const adminDigest = sha256(adminToken);
  const isAdmin = (req: IncomingMessage): boolean => {
    const token = bearer(req);
    return token !== null && timingSafeEqual(sha256(token), adminDigest);
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!match) return send(res, problemReply(404, 'not_found', 'no such endpoint'));
    if ('methodNotAllowed' in match) return send(res, problemReply(405, 'method_not_allowed', 'this endpoint does not take that method'));
    const { route, params } = match;
    const routeKey = `${route.method} ${route.path}`;
    parts.stats.requests[routeKey] = (parts.stats.requests[routeKey] ?? 0) + 1;

    if (route.sync) {
      res.setHeader(SYNC_HEADERS.protocolVersion, String(PROTOCOL_VERSION));
      const requestId = req.headers[SYNC_HEADERS.requestId];
      if (typeof requestId === 'string' && requestId.length <= 100) res.setHeader(SYNC_HEADERS.requestId, requestId);
      const version = req.headers[SYNC_HEADERS.protocolVersion];
      if (version !== undefined && version !== String(PROTOCOL_VERSION)) {
        return send(res, syncProblem('unsupported_version', `this CRM speaks protocol version ${PROTOCOL_VERSION}`));
      }
    }

    const plan: FaultPlan | null = route.sync ? parts.faults.plan(route.sync) : null;
    if (plan && plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan?.before === 'reset') return void req.socket.destroy();
    if (plan?.before === 'error') return send(res, syncProblem('unavailable', 'injected fault: the CRM is unavailable'));

    let device = null;
    if (route.auth === 'admin' && !isAdmin(req)) return send(res, problemReply(401, 'admin_unauthorized', 'the admin API needs Authorization: Bearer <admin token>'));
    if (route.auth === 'device') {
      const token = bearer(req);
      device = token ? parts.enrolment.authenticate(token, parts.now()) : null;
      if (!device) return send(res, syncProblem('unauthorized', 'a device token from enrolment is required'));
    }

    let body: unknown;
    if (req.method === 'POST' || req.method === 'PATCH') {
      const read = await readJsonBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT);
      if (!read.ok) {
        if (read.problem === 'aborted') return;
        if (read.problem === 'too_large') return send(res, syncProblem('batch_too_large', `the body is larger than ${route.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`));
        return send(res, syncProblem('bad_request', 'the body is not valid JSON'));
      }
      body = read.value;
    }

    let reply: Reply;
    try {
      reply = await route.handle({ params, query: url.searchParams, body, headers: req.headers, device, now: parts.now() });
    } catch (error) {
      parts.logger.error({ route: routeKey, err: error instanceof Error ? error.name : 'unknown' }, 'crm emulator route failed');
      return send(res, syncProblem('internal', 'the CRM failed to handle the request'));
    }

    if (plan?.after === 'commitThenFail') {
      if (plan.flavour < 0.5) return void req.socket.destroy();
      return send(res, syncProblem('internal', 'injected fault: the request was applied but the answer failed'));
    }
    if (plan?.after === 'malformed' && reply.body !== undefined) reply = garble(reply, plan.flavour);
    send(res, reply);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      parts.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'crm emulator request failed');
      if (!res.headersSent) send(res, syncProblem('internal', 'the CRM failed to handle the request'));
      else res.destroy();
    });
  });
  return server;
}

/** A 200 whose body is cut in half, or valid JSON that violates every sync schema. */
function garble(reply: Reply, flavour: number): Reply {
  const body = reply.body ?? '';
  const broken = flavour < 0.5 ? body.slice(0, Math.floor(body.length / 2)) : JSON.stringify({ unexpected: true, rows: 'not-a-list', results: 42 });
  return { ...reply, status: 200, body: broken };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.statusCode = reply.status;
    res.end();
    return;
  }
  res.writeHead(reply.status, {
    'content-type': `${reply.contentType ?? 'application/json'}; charset=utf-8`,
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
  });
  res.end(reply.body);
}
