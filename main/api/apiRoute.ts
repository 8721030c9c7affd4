import type { z } from 'zod';
import type { ProblemCode } from './problemTable';
import type { Route, RouteContext } from './router';

/** A zod schema with the name it has in the OpenAPI document's components. */
export interface NamedSchema<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
}

/** A request body's schema, and what a person calls it (`The receipt is not valid: total: …`). */
export interface RequestSchema<S extends z.ZodType = z.ZodType> extends NamedSchema<S> {
  what: string;
}

/** One answer that is not a problem. */
export interface RouteAnswer {
  description: string;
  json?: NamedSchema;
  /** text/event-stream whose `data:` lines are TillEvents. */
  eventStream?: true;
  headers?: Record<string, string>;
}

export type RouteTag = 'till' | 'step-up' | 'screens' | 'manager';

/** What a route declares once: the server serves from it and the OpenAPI document is a walk over it. */
export interface RouteContract {
  method: 'GET' | 'POST' | 'DELETE';
  /** As the router spells it: /api/v1/profiles/:id */
  path: string;
  operationId: string;
  tag: RouteTag;
  summary: string;
  description?: string;
  /** Served without the bearer token (health only). */
  public?: true;
  /** Needs a live manager token besides the bearer token. */
  managerToken?: true;
  /** The JSON body: the server reads and parses it before the handler runs (400, 413, 415 otherwise). */
  request?: RequestSchema;
  /** The answer(s) that are not problems, by status. The handler's return value is sent with the only one. */
  answers: Record<number, RouteAnswer>;
  /** The failure codes particular to this route; main/api/problemTable.ts gives their statuses. */
  problems?: readonly ProblemCode[];
}

/** A route's contract and its handler over `Deps` (the core it calls), bound to a core by bindRoutes. */
export interface RouteSpec<Deps> extends RouteContract {
  /** Runs before the body is read: throw a TillFailure to refuse early (a locked PIN, a missing manager token). */
  admit?(deps: Deps, ctx: RouteContext): void;
  /** The answer's body (sent as JSON with the route's status), or undefined when it answered itself (an event stream). */
  handle(deps: Deps, ctx: RouteContext, body: unknown): unknown;
}

type BodyOf<R> = R extends NamedSchema<infer S> ? z.output<S> : undefined;

/** Declares a route; the handler's `body` is typed from the request schema the server parses it with. */
export function defineRoute<Deps, R extends RequestSchema | undefined = undefined>(
  spec: Omit<RouteSpec<Deps>, 'request' | 'handle'> & { request?: R; handle(deps: Deps, ctx: RouteContext, body: BodyOf<R>): unknown },
): RouteSpec<Deps> {
  // The server passes exactly what `spec.request.schema` parsed (or undefined without one): that is BodyOf<R>.
  return { ...spec, handle: (deps, ctx, body) => spec.handle(deps, ctx, body as BodyOf<R>) };
}

/** The route table served with `deps` behind it. */
export function bindRoutes<Deps>(specs: readonly RouteSpec<Deps>[], deps: Deps): Route[] {
  return specs.map((spec) => {
    const statuses = Object.keys(spec.answers).map(Number);
    if (statuses.length !== 1) throw new Error(`${spec.method} ${spec.path}: a route answers with exactly one status, not ${statuses.join(', ')}`);
    const admit = spec.admit;
    return {
      method: spec.method,
      path: spec.path,
      ...(spec.public ? { public: true } : {}),
      ...(spec.request ? { request: { schema: spec.request.schema, what: spec.request.what } } : {}),
      status: statuses[0] as number,
      ...(admit ? { admit: (ctx: RouteContext) => admit(deps, ctx) } : {}),
      handle: (ctx: RouteContext, body: unknown) => spec.handle(deps, ctx, body),
    };
  });
}
