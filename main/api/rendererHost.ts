import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { apiFailure, sendFailure } from './problem';
import { RUNS_FROM_BUNDLE } from '../version';
import { buildRendererBundle, PREBUILT_RENDERER_DIR, readRendererBundle, type RendererBundle } from './rendererBundle';
import { RENDERER_CSP } from './rendererCsp';
import type { RouteContext } from './router';

export { RENDERER_CSP };

const files: Record<string, { name: keyof RendererBundle; type: string; cache: string }> = {
  '/': { name: 'index.html', type: 'text/html; charset=utf-8', cache: 'no-store' },
  '/index.html': { name: 'index.html', type: 'text/html; charset=utf-8', cache: 'no-store' },
  // The customer display: the same page, which starts the customer's screen when it finds itself at this path.
  '/customer': { name: 'index.html', type: 'text/html; charset=utf-8', cache: 'no-store' },
  '/app.js': { name: 'app.js', type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/app.css': { name: 'app.css', type: 'text/css; charset=utf-8', cache: 'no-cache' },
};

export interface RendererHostOptions {
  /**
   * A prebuilt bundle. Without it a till run from the built command serves dist/renderer (built with it by
   * `npm run build`), and a run from the sources (development, tests) builds renderer/ with esbuild.
   */
  bundleDir?: string;
  /** Where renderer/ is; defaults to the repository's. */
  sourceDir?: string;
  logger?: Logger;
}

export type StaticHandler = (ctx: RouteContext) => Promise<boolean>;

/** Serves the cashier, manager and customer-display screens for createApiServer's `staticHandler` (browser mode). */
export function createRendererHost(options: RendererHostOptions = {}): StaticHandler {
  const bundleDir = options.bundleDir ?? (RUNS_FROM_BUNDLE ? PREBUILT_RENDERER_DIR : undefined);
  const loading = (bundleDir ? readRendererBundle(bundleDir) : buildRendererBundle({ sourceDir: options.sourceDir }))
    .then((bundle) => ({ bundle, etags: etagsOf(bundle) }));
  // Reported once at start; each request then answers a problem instead of hanging.
  loading.catch((error: unknown) => options.logger?.error({ err: error instanceof Error ? error.message : 'unknown' }, 'renderer bundle failed'));

  return async ({ req, res, url }) => {
    const file = files[url.pathname];
    if (!file) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendFailure(res, apiFailure('method_not_allowed', `${method} is not allowed here; use GET.`));
      return true;
    }
    let loaded: Awaited<typeof loading>;
    try {
      loaded = await loading;
    } catch {
      sendFailure(res, apiFailure('renderer_unavailable', 'The till screen could not be built. See the till log.'));
      return true;
    }
    const body = loaded.bundle[file.name];
    const etag = loaded.etags[file.name];
    const headers: Record<string, string | number> = {
      'content-type': file.type,
      'cache-control': file.cache,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
      etag,
    };
    if (file.name === 'index.html') headers['content-security-policy'] = RENDERER_CSP;
    if (req.headers['if-none-match'] === etag && file.cache !== 'no-store') {
      res.writeHead(304, headers).end();
      return true;
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}

function etagsOf(bundle: RendererBundle): Record<keyof RendererBundle, string> {
  const tag = (content: Buffer): string => `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`;
  return { 'index.html': tag(bundle['index.html']), 'app.js': tag(bundle['app.js']), 'app.css': tag(bundle['app.css']) };
}
