import type { IncomingHttpHeaders } from 'node:http';
import type { FleetScope } from '../fleet/fleetDesk';
import type { EnrolledTill } from '../tills/enrolmentDesk';

/** The sync routes, by name (logs, stats, and later fault settings scope themselves by these). */
export type SyncRouteName = 'enrol' | 'bootstrap' | 'changes' | 'keys' | 'upload' | 'redeem' | 'redeem_promotion' | 'heartbeat';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when none was sent, and on `rawBody` routes). */
  body: unknown;
  /** On `rawBody` routes: the body exactly as sent. */
  rawBody?: Buffer;
  headers: IncomingHttpHeaders;
  /** The peer's IP address (IPv4-mapped IPv6 written as IPv4). Behind a load balancer: the balancer's. */
  remoteAddress: string;
  /** Set on `till` routes: the enrolled till making the request. */
  till: EnrolledTill | null;
  /** Set on `fleet` routes: the stores the caller may see (admin token: all; store manager session: one). */
  fleetScope: FleetScope | null;
  now: number;
}

export interface Reply {
  status: number;
  /** Serialised body; absent for 204. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: HttpMethod;
  /** `/admin/stores/:id`: `:name` segments become params. */
  path: string;
  /** `fleet`: the admin token, or a store manager's session token (scoped to their store). */
  auth: 'none' | 'till' | 'admin' | 'fleet';
  /** Set on sync routes: they speak the protocol (version header). */
  sync?: SyncRouteName;
  /** The route reads the body as sent, unparsed (a signed webhook's signature covers its exact bytes). */
  rawBody?: boolean;
  /** Body size ceiling in bytes (default 64 KiB). */
  bodyLimit?: number;
  handle: (req: RouteRequest) => Reply | Promise<Reply>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | null;

/** Finds the route for a method and path. A small table, scanned in order. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const parts = pathname.split('/');
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, parts);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? { methodNotAllowed: true } : null;
}

function matchPath(pattern: string, parts: string[]): Record<string, string> | null {
  const want = pattern.split('/');
  if (want.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const p = parts[i] as string;
    if (w.startsWith(':')) {
      if (p === '') return null;
      try {
        params[w.slice(1)] = decodeURIComponent(p);
      } catch {
        return null;
      }
    } else if (w !== p) return null;
  }
  return params;
}
