import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { BodyError, hasBearerToken, isAllowedHost } from './requestGuards';
import { sendProblem } from './problem';
import { diskFullProblem, isDiskFull } from './diskFull';
import { decodePathParams, Router, type Route, type RouteContext } from './router';
import { TillError } from './tillCore';

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
      if (error instanceof BodyError) {
        sendProblem(res, { type: error.type, status: error.status, detail: error.message });
        // A body we refused may still be arriving; do not keep reading it.
        if (error.status === 413) req.destroy();
        return;
      }
      if (error instanceof TillError) {
        sendProblem(res, { type: error.type, status: error.status, detail: error.message, ...error.extra });
        return;
      }
      if (isDiskFull(error)) {
        // Reads (identification) still work; every write fails until space is freed, and then works again by itself.
        log.warn({ path: req.url?.split('?')[0] }, 'api request refused: the disk is full');
        if (!res.headersSent) sendProblem(res, diskFullProblem);
        else res.destroy();
        return;
      }
      log.error({ err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown', path: req.url?.split('?')[0] }, 'api request failed');
      if (!res.headersSent) sendProblem(res, { type: 'internal', status: 500, detail: 'The till could not handle this request. It has been logged; try again.' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host)) {
      answerWithoutReadingBody(res, { type: 'bad_host', status: 421, detail: 'This API answers only to Host 127.0.0.1 or localhost.' });
      return;
    }
    const target = req.url ?? '/';
    if (!URL.canParse(target, 'http://127.0.0.1')) {
      answerWithoutReadingBody(res, { type: 'bad_path', status: 400, detail: 'The request target is not a valid path.' });
      return;
    }
    const url = new URL(target, 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith('/api/')) {
      if (options.staticHandler && (await options.staticHandler({ req, res, params: {}, url }))) return;
      sendProblem(res, { type: 'not_found', status: 404, detail: `Nothing is served at ${url.pathname}.` });
      return;
    }
    // Only the raw path is matched before the token is checked: nothing an anonymous caller sends is decoded, parsed
    // or read (not the path's escapes, not the body) until it has shown the token.
    const match = router.match(method, url.pathname);
    const isPublic = match.kind === 'found' && match.route.public === true;
    if (!isPublic && !hasBearerToken(req, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      answerWithoutReadingBody(res, { type: 'unauthorized', status: 401, detail: 'Send Authorization: Bearer <token>. `tillid token` prints it.' });
      return;
    }
    if (match.kind === 'not_found') {
      sendProblem(res, { type: 'not_found', status: 404, detail: `No API route ${method} ${url.pathname}.` });
      return;
    }
    if (match.kind === 'method_not_allowed') {
      res.setHeader('allow', match.allowed.join(', '));
      sendProblem(res, { type: 'method_not_allowed', status: 405, detail: `${method} is not allowed here; use ${match.allowed.join(' or ')}.` });
      return;
    }
    const params = decodePathParams(match.rawParams);
    if (!params) {
      sendProblem(res, { type: 'bad_path', status: 400, detail: 'The path holds a malformed %-escape; encode each path segment as UTF-8.' });
      return;
    }
    await match.route.handle({ req, res, params, url });
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
function answerWithoutReadingBody(res: http.ServerResponse, problem: Parameters<typeof sendProblem>[1]): void {
  res.setHeader('connection', 'close');
  sendProblem(res, problem);
}
