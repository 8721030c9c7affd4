import type { Logger } from 'pino';
import { problemReply } from '../http/replies';
import type { Reply, Route } from '../http/routeTable';
import type { FleetPageBundle } from './fleetPageBundle';
import { buildFleetPageBundle, readFleetPageBundle } from './fleetPageBundle';

/** The page may load only its own script and stylesheet and talk only to its own origin. */
export const FLEET_PAGE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const FILES: Array<{ path: string; name: keyof FleetPageBundle; type: string }> = [
  { path: '/fleet/', name: 'index.html', type: 'text/html' },
  { path: '/fleet/fleet.js', name: 'fleet.js', type: 'text/javascript' },
  { path: '/fleet/fleet.css', name: 'fleet.css', type: 'text/css' },
];

/**
 * Serves the fleet page. Built from hub/fleetPage/ on first request (a run from the sources), or read from
 * `bundleDir` (a prebuilt dist/fleet). A build that fails answers 503 on each request rather than hanging.
 */
export function fleetPageRoutes(options: { bundleDir?: string; logger: Logger }): Route[] {
  let loading: Promise<FleetPageBundle> | null = null;
  const load = (): Promise<FleetPageBundle> => {
    loading ??= (options.bundleDir ? readFleetPageBundle(options.bundleDir) : buildFleetPageBundle()).catch((error: unknown) => {
      options.logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'fleet page bundle failed');
      loading = null;
      throw error;
    });
    return loading;
  };
  const serve = async (file: (typeof FILES)[number]): Promise<Reply> => {
    let bundle: FleetPageBundle;
    try {
      bundle = await load();
    } catch {
      return problemReply(503, 'fleet_page_unavailable', 'the fleet page could not be built: see the hub log');
    }
    return {
      status: 200, body: bundle[file.name], contentType: file.type,
      headers: { 'content-security-policy': FLEET_PAGE_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    };
  };
  return [
    ...FILES.map((file): Route => ({ method: 'GET', path: file.path, auth: 'none', handle: () => serve(file) })),
    // `/fleet` without the slash: the page's relative links need it.
    { method: 'GET', path: '/fleet', auth: 'none', handle: () => ({ status: 308, headers: { location: '/fleet/' } }) },
  ];
}
