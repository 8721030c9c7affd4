// A hub process whose connector pushes to a CRM stand-in over HTTP (crmDeliveryKill.test.ts starts it, kills it with
// SIGKILL and starts it again). Configured by the environment; prints one line when it serves.
import pino from 'pino';
import { createHub } from '../../../hub';
import { httpCrmConnector } from './httpCrmConnector';

const env = process.env;
const hub = await createHub({
  ...(env.HUB_DATABASE_URL ? { databaseUrl: env.HUB_DATABASE_URL } : { dataDir: env.HUB_DATA_DIR }),
  port: Number(env.HUB_PORT),
  adminToken: env.HUB_ADMIN_TOKEN,
  logger: pino({ enabled: false }),
  connector: httpCrmConnector(env.HUB_CRM_URL as string),
  delivery: { intervalMs: 20, callTimeoutMs: 2_000, concurrency: 4, retry: { baseMs: 50, maxMs: 500, maxAttempts: 50 } },
  changePoll: { intervalMs: 0 },
});
console.log(`hub ready on ${hub.url}`);
