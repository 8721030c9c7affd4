import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { TillFailure } from '../tillFailure';
import { hasBearerToken, isAllowedHost, readJsonBody } from './requestGuards';
import { apiFailure, invalidBody, isProblemCode, sendFailure, sendJson } from './problem';
import type { ProblemCode } from './problemTable';
import { diskFullFailure, isDiskFull } from './diskFull';
import { decodePathParams, Router, type Route, type RouteContext } from './router';

export interface ApiServerOptions {
  routes: Route[];
  token: string;
  logger: Logger;
  /** Serves anything outside /api/ (the renderer in browser mode); answers false when it has nothing. */
  staticHandler?: (ctx: RouteContext) => Promise<boolean> | boolean;
}

export interface ApiServer {
  server: http.Server;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const router = new Router(options.routes);
  const token = Buffer.from(options.token);
  const log = options.logger;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // Every refusal, from the guards, the body reader, a route or the core, is a TillFailure: one table gives its status.
      if (error instanceof TillFailure && isProblemCode(error.code)) {
        sendFailure(res, error as TillFailure<ProblemCode>);
        // A body we refused may still be arriving; do not keep reading it.
        if (error.code === 'body_too_large') req.destroy();
        return;
      }
      if (isDiskFull(error)) {
        // Reads (identification) still work; every write fails until space is freed, and then works again by itself.
        log.warn({ path: req.url?.split('?')[0] }, 'api request refused: the disk is full');
        if (!res.headersSent) sendFailure(res, diskFullFailure());
        else res.destroy();
        return;
      }
      log.error({ err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown', path: req.url?.split('?')[0] }, 'api request failed');
      if (!res.headersSent) sendFailure(res, apiFailure('internal', 'The till could not handle this request. It has been logged; try again.'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host)) {
      answerWithoutReadingBody(res, apiFailure('bad_host', 'This API answers only to Host 127.0.0.1 or localhost.'));
      return;
    }
    const target = req.url ?? '/';
    if (!URL.canParse(target, 'http://127.0.0.1')) {
      answerWithoutReadingBody(res, apiFailure('bad_path', 'The request target is not a valid path.'));
      return;
    }
    const url = new URL(target, 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/api/')) {
      if (options.staticHandler && (await options.staticHandler({ req, res, params: {}, url }))) return;
      throw apiFailure('not_found', `Nothing is served at ${url.pathname}.`);
    }
    // Only the raw path is matched before the token is checked: nothing an anonymous caller sends is decoded, parsed
    // or read (not the path's escapes, not the body) until it has shown the token.
    const match = router.match(method, url.pathname);
    const isPublic = match.kind === 'found' && match.route.public === true;
    if (!isPublic && !hasBearerToken(req, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      answerWithoutReadingBody(res, apiFailure('unauthorized', 'Send Authorization: Bearer <token>. `tillid token` prints it.'));
      return;
    }
    if (match.kind === 'not_found') {
      throw apiFailure('not_found', `No API route ${method} ${url.pathname}.`);
    }
    if (match.kind === 'method_not_allowed') {
      res.setHeader('allow', match.allowed.join(', '));
      throw apiFailure('method_not_allowed', `${method} is not allowed here; use ${match.allowed.join(' or ')}.`);
    }
    const params = decodePathParams(match.rawParams);
    if (!params) throw apiFailure('bad_path', 'The path holds a malformed %-escape; encode each path segment as UTF-8.');
    await serve(match.route, { req, res, params, url });
  }

  /** Admits, reads and parses the body the route declares, runs it, and sends its answer with the declared status. */
  async function serve(route: Route, ctx: RouteContext): Promise<void> {
    route.admit?.(ctx);
    let body: unknown;
    if (route.request) {
      const parsed = route.request.schema.safeParse(await readJsonBody(ctx.req));
      if (!parsed.success) throw invalidBody(parsed.error, route.request.what);
      body = parsed.data;
    }
    const answer = await route.handle(ctx, body);
    if (ctx.res.headersSent) return;
    if (route.status === 204) {
      ctx.res.writeHead(204).end();
      return;
    }
    if (answer === undefined) throw new Error(`${route.method} ${route.path} returned no answer`);
    sendJson(ctx.res, route.status, answer);
  }

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ url: `http://${host}:${address.port}`, port: address.port });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers a caller we will not serve and closes the connection after the answer (`Connection: close`), so Node does not
 * read and discard whatever body is still coming to keep the connection alive: without it, one connection with a 401
 * could make the till read gigabytes.
 */
function answerWithoutReadingBody(res: http.ServerResponse, failure: TillFailure<ProblemCode>): void {
  res.setHeader('connection', 'close');
  sendFailure(res, failure);
}
