import { createApiServer } from '../../../../main/api/server';
import { tillRoutes } from '../../../../main/api/routes';
import { managerRoutes } from '../../../../main/api/managerRoutes';
import { hashManagerPin } from '../../../../main/till/managerPin';
import { createRendererHost } from '../../../../main/api/rendererHost';
import { createLogger } from '../../../../main/log';
import { screenRoutes } from '../../../../main/api/screenRoutes';
import { parseScreensConfig } from '../../../../main/config/screensConfig';
import { createCustomerDisplayLink } from '../../../../main/till/customerDisplayLink';
import { FakeTillCore } from './fakeTillCore';

export const PREVIEW_TOKEN = 'preview-token-0123456789abcdef';

/** The real API server and renderer host over the fake core, on 127.0.0.1 and a free port. */
export async function startPreviewServer(options: { port?: number } = {}) {
  const core = new FakeTillCore({ pinHash: await hashManagerPin('1234') });
  const bus = { publish: (event: Parameters<FakeTillCore['emit']>[0]) => core.emit(event), subscribe: core.subscribe.bind(core) };
  // The customer display at /customer, over the same fake core.
  const display = createCustomerDisplayLink(bus, parseScreensConfig());
  const api = createApiServer({
    routes: [...tillRoutes(core), ...managerRoutes(core), ...screenRoutes(display, bus.subscribe)],
    token: PREVIEW_TOKEN,
    logger: createLogger({ level: 'silent' }),
    staticHandler: createRendererHost(),
  });
  const { url } = await api.listen(options.port ?? 0);
  return {
    core,
    url,
    pageUrl: `${url}/#token=${PREVIEW_TOKEN}`,
    customerPageUrl: `${url}/customer#token=${PREVIEW_TOKEN}`,
    close: async () => {
      display.close();
      await api.close();
    },
  };
}

// `npx tsx test/unit/renderer/support/previewServer.ts` serves the screens over the fake core for a look by hand.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const preview = await startPreviewServer({ port: Number(process.env.PORT ?? 0) });
  console.log(`open ${preview.pageUrl}\nand the customer display at ${preview.customerPageUrl}`);
}
