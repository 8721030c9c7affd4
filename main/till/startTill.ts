import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ensureDataDirectory, lockDataDirectory, openMemberCache, type DataDirectoryLock, type MemberCache, type SecretSealer } from '../../sync/cache';
import type { CredentialStore } from '../../sync/client/credentialStore';
import { createDeviceManager, type DeviceManager } from '../../drivers/deviceManager';
import type { DeviceConfig } from '../../drivers/deviceConfig';
import { createApiServer, type ApiServer } from '../api/server';
import { tillRoutes } from '../api/routes';
import type { Route, RouteContext } from '../api/router';
import { loadTillConfig, type TillConfig } from '../config/tillConfig';
import { loadOrCreateApiToken } from './apiToken';
import { createTill, type SyncPort, type Till } from './till';
import { createTillStepUpClient } from '../../sync/client/stepUpClient';
import { createStepUpService } from '../stepup/stepUpService';
import { createStepUpPolicy } from '../stepup/policy';
import { createSessionCustomerPort } from '../stepup/sessionCustomerPort';
import { stepUpRoutes } from '../api/stepUpRoutes';
import { createTillProfileSummaryClient } from '../../sync/client/profileSummaryClient';
import { createCrmSummaryHolder } from './crmSummaryHolder';
import { createCustomerDisplayLink } from './customerDisplayLink';
import { screenRoutes } from '../api/screenRoutes';

export interface StartTillOptions {
  dataDir: string;
  logger: Logger;
  /** Overrides config.json's port; 0 picks a free one. */
  port?: number;
  /** Scanners for this run only, in addition to config.json's. */
  extraScanners?: DeviceConfig[];
  /** The till's configuration when the caller has already read it (default: `<dataDir>/config.json`). */
  config?: TillConfig;
  /** The sync engine, when the till is enrolled (made by the caller, which knows how). */
  sync?: SyncPort;
  /** More POS API routes (the manager's), served with the same guards. */
  extraRoutes?: Route[];
  /** Serves the renderer in browser mode (main/api/rendererHost). */
  staticHandler?: (ctx: RouteContext) => Promise<boolean> | boolean;
  tillId?: () => string;
  /** The data directory's lock when the caller took it first (runTill does); otherwise startTill takes it. Either way the till releases it when it closes or fails to start. */
  lock?: DataDirectoryLock;
  /** Start an empty cache although the data directory shows its cache was lost (`tillid start --accept-empty-cache`). */
  acceptEmptyCache?: boolean;
  /** Where the CRM credentials live, for the step-up and summary clients (default: the 0600 file in dataDir). */
  credentialStore?: CredentialStore;
  /** Seals the identifier hash key with the OS keychain (the Electron shell's safeStorage). */
  hashKeySealer?: SecretSealer;
}

export interface RunningTill {
  till: Till;
  cache: MemberCache;
  devices: DeviceManager;
  api: ApiServer;
  url: string;
  port: number;
  token: string;
  config: TillConfig;
  setSync(sync: SyncPort | undefined): void;
  close(): Promise<void>;
}

/** Builds a till from its data directory and starts its scanners and POS API. */
export async function startTill(options: StartTillOptions): Promise<RunningTill> {
  const { dataDir, logger } = options;
  const lock = options.lock ?? lockDataDirectory(ensureDataDirectory(dataDir));
  let cache: MemberCache;
  let config: TillConfig;
  let token: string;
  try {
    config = options.config ?? loadTillConfig(dataDir);
    token = loadOrCreateApiToken(dataDir);
    cache = openMemberCache(dataDir, { logger, acceptEmptyCache: options.acceptEmptyCache ?? false, ...(options.hashKeySealer ? { hashKeySealer: options.hashKeySealer } : {}) });
  } catch (error) {
    lock.release();
    throw error;
  }
  let sync = options.sync;

  const devices = createDeviceManager({ devices: [...config.scanners, ...(options.extraScanners ?? [])], logger });
  const till = createTill({
    cache,
    config,
    logger,
    tillId: options.tillId ?? (() => config.tillName),
    sync: () => sync,
    devices: () => devices,
    crmSummary: () => crmSummary,
  });
  // The same credential store as the sync engine's: with a keychain the credentials exist only sealed.
  const credentials = options.credentialStore ? { credentialStore: options.credentialStore } : {};
  const summaryClient = createTillProfileSummaryClient({ dataDir, logger, ...credentials });
  const crmSummary = createCrmSummaryHolder({
    bus: till.bus,
    session: till.customerSession,
    fetch: (profileId) => summaryClient.fetch(profileId),
    online: () => sync?.status().online ?? false,
    logger,
  });
  devices.on('scan', (scan) => till.handleScan(scan));
  devices.on('status', (status) => {
    // The driver logs the change itself; the till only tells the POS and the screen.
    till.bus.publish({ type: 'device.status', deviceId: status.deviceId, transport: status.transport, state: status.state, description: status.description, ...(status.error ? { error: status.error } : {}) });
  });

  const stepUpClient = createTillStepUpClient({ dataDir, logger, ...credentials });
  const stepUp = createStepUpService({
    policy: createStepUpPolicy(config.stepUp),
    client: stepUpClient,
    customer: createSessionCustomerPort(till.customerSession),
    profiles: cache.profiles,
    online: () => sync?.status().online ?? false,
    publish: (event) => till.bus.publish(event),
    logger,
  });

  const customerDisplay = createCustomerDisplayLink(till.bus, config.screens);
  const api = createApiServer({
    routes: [...tillRoutes(till), ...stepUpRoutes(stepUp), ...screenRoutes(customerDisplay, (listener) => till.bus.subscribe(listener)), ...(options.extraRoutes ?? [])],
    token,
    logger,
    ...(options.staticHandler ? { staticHandler: options.staticHandler } : {}),
  });
  let listening: { url: string; port: number };
  try {
    listening = await api.listen(options.port ?? config.port);
    await devices.start();
  } catch (error) {
    await api.close().catch(() => undefined);
    stepUp.close();
    stepUpClient.close();
    crmSummary.close();
    summaryClient.close();
    customerDisplay.close();
    cache.close();
    lock.release();
    throw error;
  }
  // `tillid sync status|now` finds a running till's POS API through this file; it goes when the till stops.
  const portFile = path.join(dataDir, 'api.port');
  writeFileSync(portFile, `${listening.port}\n`, { mode: 0o600 });
  logger.info({ port: listening.port }, 'till started');

  return {
    till,
    cache,
    devices,
    api,
    url: listening.url,
    port: listening.port,
    token,
    config,
    setSync(next) {
      sync = next;
    },
    async close() {
      await devices.stop();
      await api.close();
      stepUp.close();
      stepUpClient.close();
      crmSummary.close();
      summaryClient.close();
      customerDisplay.close();
      cache.close();
      rmSync(portFile, { force: true });
      lock.release();
    },
  };
}
