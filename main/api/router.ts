import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
}

/** A route as the server runs it (made from a RouteSpec by bindRoutes, main/api/apiRoute.ts). */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** A path like /api/v1/profiles/:id */
  path: string;
  /** Health is the one route served without the bearer token. */
  public?: boolean;
  /** The request body's schema (and its name for a person): the server reads and parses the body before `handle`. */
  request?: { schema: z.ZodType; what: string };
  /** The status of the answer `handle` returns (204: no body). */
  status: number;
  /** Runs before the body is read; throws a TillFailure to refuse. */
  admit?(ctx: RouteContext): void;
  /** The answer's body, or undefined once it has answered itself. */
  handle(ctx: RouteContext, body: unknown): unknown;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  /** `rawParams` are still percent-encoded: decode them (decodePathParams) only once the caller is authorised. */
  | { kind: 'found'; route: Route; rawParams: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const pattern = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...route, regex: new RegExp(`^${pattern}$`), names };
    });
  }

  match(method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const rawParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        rawParams[name] = m[i + 1] ?? '';
      });
      return { kind: 'found', route, rawParams };
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
  }
}

/** Percent-decodes path parameters; null when one is not valid percent-encoded UTF-8 (e.g. `%E0%A4%A`). */
export function decodePathParams(rawParams: Record<string, string>): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(rawParams)) {
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return params;
}
