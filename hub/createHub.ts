import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Logger } from 'pino';
import { openHubDatabase } from './db/openHubDatabase';
import { writeTransaction } from './db/sql';
import type { HubDatabase } from './db/sql';
import { ChangeLog, DEFAULT_CHANGE_RETENTION } from './feed/changeLog';
import { importAllMembers } from './connectors/importMembers';
import type { CrmConnector } from './connectors/crmConnector';
import { FaultInjector } from './http/faultInjector';
import { createHubHttpServer } from './http/hubHttpServer';
import type { Route } from './http/routeTable';
import type { HubParts } from './hubParts';
import { MemberQrKeyring } from './keys/memberQrKeyring';
import { MemberMirror } from './mirror/memberMirror';
import { RedemptionDesk } from './redemption/redemptionDesk';
import { PromotionDesk } from './promotions/promotionDesk';
import { resolveAdminToken, type AdminTokenSource } from './tills/adminToken';
import { adminFaultRoutes } from './routes/adminFaultRoutes';
import { adminKeyRoutes } from './routes/adminKeyRoutes';
import { adminProfileRoutes } from './routes/adminProfileRoutes';
import { adminStepUpRoutes } from './routes/adminStepUpRoutes';
import { adminStoreRoutes } from './routes/adminStoreRoutes';
import { adminChangeRoutes } from './routes/adminChangeRoutes';
import { adminReceiptDeliveryRoutes } from './routes/adminReceiptDeliveryRoutes';
import { adminStatsRoutes } from './routes/adminStatsRoutes';
import { ReceiptDeliveryDesk } from './receiptDelivery/receiptDeliveryDesk';
import { profileSummaryRoutes } from './routes/profileSummaryRoutes';
import { redemptionRoutes } from './routes/redemptionRoutes';
import { promotionRoutes } from './routes/promotionRoutes';
import { stepUpRoutes } from './routes/stepUpRoutes';
import { syncRoutes } from './routes/syncRoutes';
import { StepUpDesk } from './stepUp/stepUpDesk';
import { closeStepUpProviders, stepUpProviders } from './providers/stepUpProviders';
import type { StepUpProviders } from './providers/stepUpProviders';
import { emailLinkRoutes } from './routes/emailLinkRoutes';
import { ProfileSummaryDesk } from './summary/profileSummaryDesk';
import { EnrolmentDesk } from './tills/enrolmentDesk';
import { UploadDesk } from './upload/uploadDesk';
import { FleetDesk } from './fleet/fleetDesk';
import { StoreManagerDesk } from './fleet/storeManagerDesk';
import { fleetRoutes } from './routes/fleetRoutes';
import { fleetPageRoutes } from './fleetHost/fleetPageRoutes';
import { adminDeliveryRoutes } from './routes/adminDeliveryRoutes';
import { CrmDeliveryQueue } from './delivery/crmDeliveryQueue';
import { CrmDeliveryWorker } from './delivery/crmDeliveryWorker';
import type { CrmDeliveryOptions } from './delivery/crmDeliveryWorker';
import { CrmChangePoller } from './crmChanges/crmChangePoller';
import type { CrmChangePollOptions } from './crmChanges/crmChangePoller';
import { MemberLookupDesk } from './lookup/memberLookupDesk';
import { memberLookupRoutes } from './routes/memberLookupRoutes';
import { WebhookVerifier } from './connectors/voyado/webhookVerifier';
import { voyadoWebhookRoutes } from './routes/voyadoWebhookRoutes';

export interface HubOptions {
  /** postgres:// URL. Without it the hub runs on PGlite, embedded in `dataDir` (in memory without either). */
  databaseUrl?: string;
  /** PostgreSQL connections this process keeps (default DEFAULT_POOL_SIZE); PGlite has one. */
  poolSize?: number;
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. A hub behind a load balancer binds the address the balancer reaches. */
  host?: string;
  /** Bearer token for /admin. Absent: on PGlite in `dataDir` the one kept there (made at the first start), else one made for this process. */
  adminToken?: string;
  logger?: Logger;
  /** Changes kept in the log; cursors older than the window get 410 (default 1,000,000). */
  changeRetention?: number;
  /** The store codes are made for when the admin names none (created when missing). */
  defaultStore?: { storeId: string; name: string };
  /** Clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Seed of the fault injector's draws (default 1). */
  faultSeed?: number;
  /** The CRM behind the hub. Its full import fills an empty mirror at the first start on a database. */
  connector?: CrmConnector;
  /** How long a profile summary waits for the CRM's offers and purchases (default CRM_ACTIVITY_BUDGET_MS, 550 ms). */
  summaryCrmBudgetMs?: number;
  /**
   * What step-up codes, links and BankID orders go through (hub/providers/): each part missing is the demo's (the
   * message log the admin API reads, simulated BankID). The hub closes them when it closes.
   */
  stepUpProviders?: Partial<StepUpProviders>;
  /**
   * Verify and apply Voyado's signed webhooks at `POST /webhooks/voyado` (needs `connector`: a created or updated
   * contact is fetched through it). `secret` is the endpoint's `whsec_…` signing secret.
   */
  voyadoWebhook?: { secret: string; pointDefinitionId?: number };
  /** A prebuilt fleet page (dist/fleet, `npm run build`); without it the hub builds hub/fleetPage/ with esbuild. */
  fleetPageDir?: string;
  /**
   * The outbound queue's delivery to `connector.push` (a worker in every hub process): intervals, call timeout,
   * retries. Without a push (the demo connector) nothing is queued and no worker runs.
   */
  delivery?: Partial<CrmDeliveryOptions>;
  /** Polling `connector.changesSince` (one process at a time); `intervalMs: 0` turns it off. */
  changePoll?: Partial<CrmChangePollOptions>;
  /** How long a till's lookup may wait for the connector, ms (default 1,000; the till itself waits at most 1.5 s). */
  connectorLookupTimeoutMs?: number;
}

export interface Hub {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  adminToken: string;
  /** Where the admin token came from: given, kept in a PGlite hub's data directory, or made by this process. */
  adminTokenSource: AdminTokenSource;
  epoch: string;
  /** The CRM connector it runs with (a reopened database keeps its own demo population: see settledConnector). */
  connector: CrmConnector | null;
  /** The parts behind the routes, for in-process tests and the connectors. */
  parts: HubParts;
  /** Set when the connector has a push. */
  deliveryWorker: CrmDeliveryWorker | null;
  /** Set when the hub has a connector and polling is on. */
  changePoller: CrmChangePoller | null;
  close(): Promise<void>;
}

/** The epoch is made once per database; every hub process on it reads the same one. */
async function databaseEpoch(db: HubDatabase): Promise<string> {
  const candidate = randomBytes(6).readUIntBE(0, 6).toString(36);
  await db.query("INSERT INTO hub_meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING", [candidate]);
  const [row] = await db.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'epoch'");
  if (!row) throw new Error('the hub database has no epoch');
  return row.value;
}

/**
 * The connector to run with: the given one, or, when the database was filled by the same connector with other
 * settings (another demo population), one with the database's own, so lookups and activity match the mirror.
 */
async function settledConnector(db: HubDatabase, connector: CrmConnector | undefined, logger: Logger): Promise<CrmConnector | null> {
  if (connector === undefined) return null;
  if (connector.settings === undefined) return connector;
  const [row] = await db.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'connector_settings'");
  if (row === undefined) return connector;
  const stored = JSON.parse(row.value) as { connector?: unknown; settings?: unknown };
  if (stored.connector !== connector.name || JSON.stringify(stored.settings) === JSON.stringify(connector.settings)) return connector;
  const kept = connector.withSettings?.(stored.settings) ?? null;
  if (kept === null) return connector;
  logger.warn({ connector: connector.name, settings: stored.settings }, 'hub database already filled by this connector with other settings: keeping its own');
  return kept;
}

/**
 * Fills the mirror from the connector once per database. Marked done only after the last batch: a hub that dies
 * mid-import imports again at its next start, and the import is an upsert, so nothing is doubled.
 */
async function firstImport(db: HubDatabase, mirror: MemberMirror, feed: ChangeLog, connector: CrmConnector, now: () => number, logger: Logger): Promise<void> {
  const [done] = await db.query<{ value: string }>("SELECT value FROM hub_meta WHERE key = 'first_import'");
  if (done) return;
  const started = performance.now();
  const members = await importAllMembers(db, mirror, feed, connector, now);
  if (connector.settings !== undefined) {
    await db.query("INSERT INTO hub_meta (key, value) VALUES ('connector_settings', $1) ON CONFLICT (key) DO NOTHING", [
      JSON.stringify({ connector: connector.name, settings: connector.settings }),
    ]);
  }
  await db.query("INSERT INTO hub_meta (key, value) VALUES ('first_import', $1) ON CONFLICT (key) DO NOTHING", [connector.name]);
  logger.info({ connector: connector.name, members, ms: Math.round(performance.now() - started) }, 'hub imported the members of its CRM');
}

/** Starts a hub process: migrates its database, then serves sync protocol v1 and the admin API over HTTP. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const logger = options.logger ?? pino({ enabled: false });
  const now = options.now ?? Date.now;
  const feed = new ChangeLog(options.changeRetention ?? DEFAULT_CHANGE_RETENTION);
  if (options.voyadoWebhook && !options.connector) throw new Error('Voyado webhooks need the voyado connector');
  // Checked before the database opens: a wrong secret is a configuration error, not a half-started hub.
  const verifier = options.voyadoWebhook ? new WebhookVerifier(options.voyadoWebhook.secret) : null;
  const db = await openHubDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: options.poolSize });
  let server;
  let parts: HubParts;
  let providers: StepUpProviders | undefined;
  try {
    const epoch = await databaseEpoch(db);
    const keyring = new MemberQrKeyring(epoch);
    await writeTransaction(db, (tx) => keyring.ensureKey(tx, now()));
    const mirror = new MemberMirror(feed);
    const enrolment = new EnrolmentDesk(db);
    const defaultStore = options.defaultStore ?? { storeId: 'store-1', name: 'Demo store' };
    if (!(await enrolment.storeExists(defaultStore.storeId))) await enrolment.saveStore(defaultStore.storeId, defaultStore.name, now());
    const connector = await settledConnector(db, options.connector, logger);
    if (connector) await firstImport(db, mirror, feed, connector, now, logger);
    const push = connector?.push;
    const crmQueue = new CrmDeliveryQueue({ consents: push?.consent !== undefined, matchedSignups: push?.completeContact !== undefined });
    const queueIfPush = push ? crmQueue : null;
    const receiptDeliveries = new ReceiptDeliveryDesk(mirror);
    // The CRM's own record of personal numbers, unless the embedding names another check.
    const personalNumbers = options.stepUpProviders?.personalNumbers ?? connector?.personalNumbers;
    providers = stepUpProviders(db, { ...options.stepUpProviders, ...(personalNumbers ? { personalNumbers } : {}) });
    parts = {
      db, epoch, feed, mirror, keyring, enrolment, logger, now, receiptDeliveries, defaultStoreId: defaultStore.storeId, crmQueue,
      uploads: new UploadDesk(db, mirror, receiptDeliveries, logger, queueIfPush),
      redemptions: new RedemptionDesk(db, mirror, logger, queueIfPush),
      promotions: new PromotionDesk(db, mirror, keyring, connector, logger),
      summaries: new ProfileSummaryDesk(mirror, connector, options.summaryCrmBudgetMs),
      stepUp: new StepUpDesk(db, mirror, logger, providers),
      faults: new FaultInjector(options.faultSeed ?? 1),
      fleet: new FleetDesk(db, push && connector ? { name: connector.displayName ?? connector.name, receiptsApplied: push.receiptsApplied } : null),
      storeManagers: new StoreManagerDesk(db),
      stats: { requests: {}, uploads: { accepted: 0, duplicate: 0, rejected: 0 } },
      lookups: new MemberLookupDesk({
        db, mirror, connector: options.connector, logger,
        ...(options.connectorLookupTimeoutMs === undefined ? {} : { connectorTimeoutMs: options.connectorLookupTimeoutMs }),
      }),
    };
    const routes: Route[] = [...syncRoutes(parts), ...redemptionRoutes(parts), ...promotionRoutes(parts), ...profileSummaryRoutes(parts), ...stepUpRoutes(parts), ...memberLookupRoutes(parts), ...emailLinkRoutes(parts),
      ...adminStoreRoutes(parts), ...adminProfileRoutes(parts), ...adminKeyRoutes(parts), ...adminStepUpRoutes(parts), ...adminFaultRoutes(parts), ...fleetRoutes(parts), ...adminDeliveryRoutes(parts),
      ...adminReceiptDeliveryRoutes(parts), ...adminStatsRoutes(parts), ...adminChangeRoutes(parts),
      ...(verifier && options.connector
        ? voyadoWebhookRoutes({ db, mirror, connector: options.connector, pointDefinitionId: options.voyadoWebhook?.pointDefinitionId ?? 1 }, verifier, logger)
        : []),
      ...fleetPageRoutes({ logger, ...(options.fleetPageDir ? { bundleDir: options.fleetPageDir } : {}) })];
    const { token: adminToken, source: adminTokenSource } = await resolveAdminToken({ given: options.adminToken, dataDir: options.dataDir, engine: db.engine });
    server = createHubHttpServer({ db, enrolment, logger, now, faults: parts.faults, storeManagers: parts.storeManagers, stats: parts.stats }, routes, adminToken);
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        listening.off('error', reject);
        resolve();
      });
    });
    const host = options.host ?? '127.0.0.1';
    const port = (listening.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    logger.info({ port, engine: db.engine, epoch }, 'hub listening');
    const deliveryWorker = push ? new CrmDeliveryWorker({ db, mirror, queue: crmQueue, push, logger, now, defaultStoreId: defaultStore.storeId }, options.delivery) : null;
    const changePoller = connector && options.changePoll?.intervalMs !== 0
      ? new CrmChangePoller({ db, mirror, connector, logger, now }, options.changePoll)
      : null;
    deliveryWorker?.start();
    changePoller?.start();
    const started = providers;
    let closed: Promise<void> | null = null;
    return {
      url, port, adminToken, adminTokenSource, epoch, parts, connector, deliveryWorker, changePoller,
      close: () => {
        closed ??= Promise.all([deliveryWorker?.stop(), changePoller?.stop()])
          .then(() => new Promise<void>((resolve) => {
            listening.close(() => resolve());
            listening.closeAllConnections();
          }))
          .then(() => closeStepUpProviders(started))
          .then(() => db.close());
        return closed;
      },
    };
  } catch (error) {
    server?.close();
    await closeStepUpProviders(providers ?? stepUpProviders(db, options.stepUpProviders));
    await db.close();
    throw error;
  }
}
