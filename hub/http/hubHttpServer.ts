import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { HubDatabase } from '../db/sql';
import type { EnrolmentDesk } from '../tills/enrolmentDesk';
import type { FleetScope } from '../fleet/fleetDesk';
import type { StoreManagerDesk } from '../fleet/storeManagerDesk';
import type { HubProcessStats } from '../hubParts';
import { PROTOCOL_VERSION, SYNC_HEADERS } from '../../sync/protocol';
import { isDatabaseOutage } from './databaseOutage';
import type { FaultInjector } from './faultInjector';
import { readJsonBody, readRawBody } from './readJsonBody';
import { problemReply, syncProblem } from './replies';
import { matchRoute } from './routeTable';
import { writeBody } from './writeBody';
import type { EnrolledTill } from '../tills/enrolmentDesk';
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

export interface HubHttpDeps {
  db: HubDatabase;
  enrolment: EnrolmentDesk;
  logger: Logger;
  now: () => number;
  faults: FaultInjector;
  storeManagers: StoreManagerDesk;
  stats: HubProcessStats;
}

/** The hub's HTTP server: route table, auth, protocol header, problems; a database outage answers 503. */
export function createHubHttpServer(deps: HubHttpDeps, routes: readonly Route[], adminToken: string): Server {
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
    deps.stats.requests[routeKey] = (deps.stats.requests[routeKey] ?? 0) + 1;

    if (route.sync) {
      res.setHeader(SYNC_HEADERS.protocolVersion, String(PROTOCOL_VERSION));
      const requestId = req.headers[SYNC_HEADERS.requestId];
      if (typeof requestId === 'string' && requestId.length <= 100) res.setHeader(SYNC_HEADERS.requestId, requestId);
      const version = req.headers[SYNC_HEADERS.protocolVersion];
      if (version !== undefined && version !== String(PROTOCOL_VERSION)) {
        return send(res, syncProblem('unsupported_version', `this hub speaks protocol version ${PROTOCOL_VERSION}`));
      }
    }

    const plan = route.sync ? deps.faults.plan(route.sync) : null;
    if (plan && plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan?.before === 'reset') return void req.socket.destroy();
    if (plan?.before === 'error') return send(res, syncProblem('unavailable', 'injected fault: the hub is unavailable'));

    let till: EnrolledTill | null = null;
    if (route.auth === 'admin' && !isAdmin(req)) return send(res, problemReply(401, 'admin_unauthorized', 'the admin API needs Authorization: Bearer <admin token>'));
    let fleetScope: FleetScope | null = null;
    if (route.auth === 'fleet') {
      const token = bearer(req);
      if (isAdmin(req)) fleetScope = { kind: 'all' };
      else {
        const storeId = token ? await deps.storeManagers.storeOf(token, deps.now()) : null;
        if (storeId !== null) fleetScope = { kind: 'store', storeId };
      }
      if (!fleetScope) return send(res, problemReply(401, 'fleet_unauthorized', 'sign in with the admin token or a store manager code'));
    }
    if (route.auth === 'till') {
      const token = bearer(req);
      till = token ? await deps.enrolment.authenticate(deps.db, token, deps.now()) : null;
      if (!till) return send(res, syncProblem('unauthorized', 'a device token from enrolment is required'));
    }

    let body: unknown;
    let rawBody: Buffer | undefined;
    if (route.rawBody && (req.method === 'POST' || req.method === 'PATCH')) {
      const read = await readRawBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT);
      if (!read.ok) {
        if (read.problem === 'aborted') return;
        return send(res, syncProblem('batch_too_large', `the body is larger than ${route.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`));
      }
      rawBody = read.raw;
    } else if (req.method === 'POST' || req.method === 'PATCH') {
      const read = await readJsonBody(req, route.bodyLimit ?? DEFAULT_BODY_LIMIT);
      if (!read.ok) {
        if (read.problem === 'aborted') return;
        if (read.problem === 'too_large') return send(res, syncProblem('batch_too_large', `the body is larger than ${route.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`));
        return send(res, syncProblem('bad_request', 'the body is not valid JSON'));
      }
      body = read.value;
    }
    const remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
    let reply = await route.handle({ params, query: url.searchParams, body, ...(rawBody === undefined ? {} : { rawBody }), headers: req.headers, remoteAddress, till, fleetScope, now: deps.now() });
    if (plan?.after === 'commitThenFail') {
      if (plan.flavour < 0.5) return void req.socket.destroy();
      return send(res, syncProblem('internal', 'injected fault: the request was applied but the answer failed'));
    }
    if (plan?.after === 'malformed' && reply.body !== undefined) reply = garble(reply, plan.flavour);
    send(res, reply);
  }

  return createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      const outage = isDatabaseOutage(error);
      // The error's name and SQLSTATE only: a message could quote a value.
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      deps.logger.error({ err: error instanceof Error ? error.name : 'unknown', sqlstate: typeof code === 'string' ? code : undefined, outage }, 'hub request failed');
      if (res.headersSent) return void res.destroy();
      send(res, outage ? syncProblem('unavailable', 'the hub cannot reach its database; retry shortly') : syncProblem('internal', 'the hub failed to handle the request'));
    });
  });
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
  writeBody(res, reply.body).catch(() => res.destroy());
}
