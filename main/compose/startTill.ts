import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createDeviceManager, type DeviceManager } from '../../drivers/deviceManager';
import type { DeviceConfig } from '../../drivers/deviceConfig';
import { ensureDataDirectory, lockDataDirectory, openMemberCache, resolveDataDirectory, type MemberCache, type SecretSealer } from '../../sync/cache';
import { createFileCredentialStore, createSyncEngine, enrolTill, readTillEnrolment, type CredentialStore, type SyncEngine } from '../../sync/client';
import { createTillProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import { createTillStepUpClient } from '../../sync/client/stepUpClient';
import { createTillMemberLookupClient } from '../../sync/client/memberLookupClient';
import { hashManagerPin } from '../till/managerPin';
import { managerRoutes } from '../api/managerRoutes';
import { createRendererHost } from '../api/rendererHost';
import { tillRoutes } from '../api/routes';
import { receiptDeliveryRoutes } from '../api/receiptDeliveryRoutes';
import { screenRoutes } from '../api/screenRoutes';
import { createApiServer, type ApiServer } from '../api/server';
import { stepUpRoutes } from '../api/stepUpRoutes';
import { loadTillConfig, type TillConfig } from '../config/tillConfig';
import { createStepUpPolicy } from '../stepup/policy';
import { createSessionCustomerPort } from '../stepup/sessionCustomerPort';
import { createStepUpService } from '../stepup/stepUpService';
import { loadOrCreateApiToken } from '../till/apiToken';
import { createCrmSummaryHolder } from '../till/crmSummaryHolder';
import { createCustomerDisplayLink } from '../till/customerDisplayLink';
import { createReceiptDeliveryDesk } from '../till/receiptDeliveryDesk';
import { CustomerSession } from '../till/customerSession';
import { demoScannerConfig, waitUntilOnline } from '../till/demoScanner';
import { TillEventBus } from '../till/eventBus';
import { createManagerCore } from '../till/managerCore';
import { memberListLoading } from '../till/memberListLoading';
import { TILLID_VERSION } from '../version';
import { createTemporaryDemoDirectory } from '../till/temporaryDemoDirectory';
import { createTill, type Till } from '../till/till';
import { startDemoHub, type DemoHub } from './demoHub';

export interface StartTillOptions {
  /** The data directory; without one `~/.tillid`, or with `demo` a fresh temporary directory. */
  dataDir: string | undefined;
  /** The logger, or how to make one once the data directory is known (the CLI writes to <data>/logs). */
  logger: Logger | ((dataDir: string) => Logger);
  /** Overrides config.json's port; 0 picks a free one. */
  port?: number;
  /** Scanners for this run only, in addition to config.json's. */
  scanners?: DeviceConfig[];
  /** A self-contained demo: the hub in-process on PGlite with `members` demo members, enrolment with it, an emulated scanner, PIN 1234. */
  demo?: boolean;
  members?: number;
  /** The CRM to enrol with on first start, with a one-time code. */
  crmUrl?: string;
  enrolCode?: string;
  /** Start an empty cache although the data directory shows its cache was lost (`tillid start --accept-empty-cache`). */
  acceptEmptyCache?: boolean;
  /** Serve the cashier screens: built from renderer/, or a prebuilt bundle (a packaged app ships no sources). */
  renderer?: { bundleDir?: string };
  /** Where the CRM credentials live (the Electron shell passes one sealed by the OS keychain); a 0600 file by default. */
  credentialStore?: (dataDir: string) => CredentialStore;
  /** Seals the identifier hash key with the OS keychain (the Electron shell's safeStorage, where it is real). */
  hashKeySealer?: SecretSealer;
}

export interface RunningTill {
  dataDir: string;
  till: Till;
  cache: MemberCache;
  devices: DeviceManager;
  sync: SyncEngine;
  api: ApiServer;
  url: string;
  port: number;
  token: string;
  config: TillConfig;
  /** The demo's hub and scanner. */
  demoHub: DemoHub | undefined;
  demoScanner: DeviceConfig | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: builds a whole till from its data directory and config, each part once and in order (lock,
 * CRM (the demo's hub) and enrolment, config, cache, sync engine, scanners, till, step-up, API), and starts it. `tillid start`
 * (runTill) and the Electron shell (tillBoot) both call this; nothing is bound late.
 */
export async function startTill(options: StartTillOptions): Promise<RunningTill> {
  // A demo without --data runs in a fresh temporary directory, removed when the till stops (or the process exits).
  const temporary = options.demo && !options.dataDir ? createTemporaryDemoDirectory() : undefined;
  const dataDir = temporary?.dir ?? resolveDataDirectory(options.dataDir);
  const closers: Array<() => Promise<void> | void> = temporary ? [() => temporary.remove()] : [];
  // First of all, before the demo's CRM or an enrolment touches the directory: one till per data directory.
  let lock;
  try {
    lock = lockDataDirectory(ensureDataDirectory(dataDir));
  } catch (error) {
    temporary?.remove();
    throw error;
  }
  const locked = lock;
  closers.push(() => locked.release());
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await Promise.resolve(close()).catch(() => undefined);
  };
  try {
    return await compose(options, dataDir, closers, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function compose(
  options: StartTillOptions,
  dataDir: string,
  closers: Array<() => Promise<void> | void>,
  closeAll: () => Promise<void>,
): Promise<RunningTill> {
  const logger = typeof options.logger === 'function' ? options.logger(dataDir) : options.logger;
  // One credential store for every CRM client: enrolment, the sync engine, step-up and the member summary.
  const credentialStore = options.credentialStore?.(dataDir) ?? createFileCredentialStore(dataDir);

  // The CRM and the enrolment: the demo's hub enrols the till itself; a real CRM on first start with a one-time code.
  const demoHub = options.demo ? await startDemoHub({ dataDir, members: options.members ?? 1000, logger, credentialStore }) : undefined;
  if (demoHub) closers.push(() => demoHub.close());
  else if (options.crmUrl && options.enrolCode && !(await readTillEnrolment(dataDir))) {
    await enrolTill({ crmUrl: options.crmUrl, code: options.enrolCode, dataDir, logger, credentialStore });
  }
  const tillId = (await readTillEnrolment(dataDir))?.deviceId ?? 'unenrolled';

  // The config, then what it describes.
  const fileConfig = loadTillConfig(dataDir);
  // The demo's manager PIN is 1234 (docs/ui.md); a real till sets manager.pinHash in config.json.
  const manager = options.demo && !fileConfig.manager.pinHash ? { pinHash: await hashManagerPin('1234') } : fileConfig.manager;
  const config: TillConfig = { ...fileConfig, manager };
  const token = loadOrCreateApiToken(dataDir);
  const cache = openMemberCache(dataDir, {
    logger,
    acceptEmptyCache: options.acceptEmptyCache ?? false,
    ...(options.hashKeySealer ? { hashKeySealer: options.hashKeySealer } : {}),
  });
  closers.push(() => cache.close());

  // The scanners before the sync engine: each cycle's heartbeat reports their states.
  const demoScanner = options.demo ? demoScannerConfig(dataDir) : undefined;
  const devices = createDeviceManager({ devices: [...config.scanners, ...(options.scanners ?? []), ...(demoScanner ? [demoScanner] : [])], logger });
  closers.push(() => devices.stop());

  const heartbeat = { version: TILLID_VERSION, devices: () => devices.list().map((d) => ({ deviceId: d.deviceId, transport: d.transport, state: d.state })) };
  const sync = createSyncEngine({ db: cache.db, dataDir, logger, hasherKey: cache.hashKey, pullIntervalMs: config.sync.pullIntervalSeconds * 1000, credentialStore, heartbeat });
  closers.push(() => sync.stop());

  // The till: the customer session and its event bus first, since the CRM's summary of the customer follows both.
  const bus = new TillEventBus();
  // An idle customer is forgotten by the till itself, and every screen is told why.
  const session = new CustomerSession(config.session.idleSeconds * 1000, Date.now, () => bus.publish({ type: 'session.cleared', reason: 'timeout' }));
  closers.push(() => session.close());
  const summaryClient = createTillProfileSummaryClient({ dataDir, logger, credentialStore });
  closers.push(() => summaryClient.close());
  const crmSummary = createCrmSummaryHolder({ bus, session, fetch: (profileId) => summaryClient.fetch(profileId), online: () => sync.online(), logger });
  closers.push(() => crmSummary.close());
  // A miss while online asks the CRM side (within the budget) and caches the member it finds.
  const memberLookup = config.sync.lookupBudgetMs > 0 ? createTillMemberLookupClient({ dataDir, logger, credentialStore, profiles: cache.profiles, budgetMs: config.sync.lookupBudgetMs }) : undefined;
  if (memberLookup) closers.push(() => memberLookup.close());
  const till = createTill({
    cache, config, logger, tillId: () => tillId, bus, session, devices, crmSummary,
    ...(memberLookup ? { lookUpMember: (identifier) => memberLookup.lookUp(identifier) } : {}),
    sync: { status: () => sync.status(), online: () => sync.online(), syncNow: () => sync.syncNow(), notifyOutbox: () => sync.notifyOutbox(), memberList: () => memberListLoading(sync.status()) },
  });

  const stepUpClient = createTillStepUpClient({ dataDir, logger, credentialStore });
  closers.push(() => stepUpClient.close());
  const stepUp = createStepUpService({
    policy: createStepUpPolicy(config.stepUp),
    client: stepUpClient,
    customer: createSessionCustomerPort(session),
    profiles: cache.profiles,
    online: () => sync.online(),
    publish: (event) => bus.publish(event),
    offers: { held: (profileId) => crmSummary.forProfile(profileId)?.offers, drop: (profileId, offerId) => crmSummary.dropOffer(profileId, offerId) },
    logger,
  });
  closers.push(() => stepUp.close());
  const customerDisplay = createCustomerDisplayLink(bus, config.screens);
  closers.push(() => customerDisplay.close());
  const receiptDeliveries = createReceiptDeliveryDesk({ cache, defaultRegion: config.identify.defaultRegion, notifyOutbox: () => sync.notifyOutbox() });
  const managerCore = createManagerCore({ dataDir, config, logger, engine: sync, devices, credentialStore });

  const api = createApiServer({
    routes: [
      ...tillRoutes(till),
      ...stepUpRoutes(stepUp),
      ...screenRoutes(customerDisplay, (listener) => bus.subscribe(listener)),
      ...receiptDeliveryRoutes(receiptDeliveries),
      ...managerRoutes(managerCore),
    ],
    token,
    logger,
    ...(options.renderer ? { staticHandler: createRendererHost(options.renderer.bundleDir ? { bundleDir: options.renderer.bundleDir } : {}) } : {}),
  });
  closers.push(() => api.close());

  // Start, in order: what arrives from the scanners and the CRM reaches the till and the screens.
  devices.on('scan', (scan) => {
    till.handleScan(scan).catch((error: unknown) => logger.error({ err: error instanceof Error ? error.name : 'unknown', deviceId: scan.deviceId }, 'a scan could not be handled'));
  });
  devices.on('status', (status) => {
    // The driver logs the change itself; the till only tells the POS and the screen.
    bus.publish({ type: 'device.status', deviceId: status.deviceId, transport: status.transport, state: status.state, description: status.description, ...(status.error ? { error: status.error } : {}) });
  });
  sync.on('status', (status) => {
    const memberList = memberListLoading(status);
    bus.publish({ type: 'sync.status', status, ...(memberList ? { memberList } : {}) });
  });
  sync.on('profiles', (changes) => till.applyProfileChanges(changes));
  const listening = await api.listen(options.port ?? config.port);
  await devices.start();
  sync.start();
  if (options.demo) await sync.syncNow();
  if (demoScanner && !(await waitUntilOnline(devices, demoScanner, 10_000))) {
    logger.warn('the demo scanner did not come online within 10 s; see GET /api/v1/devices');
  }
  // `tillid sync status|now` finds a running till's POS API through this file; it goes when the till stops.
  const portFile = path.join(dataDir, 'api.port');
  writeFileSync(portFile, `${listening.port}\n`, { mode: 0o600 });
  closers.push(() => rmSync(portFile, { force: true }));
  logger.info({ port: listening.port }, 'till started');

  let closing: Promise<void> | undefined;
  return {
    dataDir, till, cache, devices, sync, api, url: listening.url, port: listening.port, token, config, demoHub, demoScanner,
    close: () => (closing ??= closeAll()),
  };
}
