import readline from 'node:readline';
import type { Logger } from 'pino';
import type { CrmEmulator } from '../../sync/emulator';
import { startDemoCrm } from './demoCrm';
import { enrolTill, readTillEnrolment, type CredentialStore, type SyncEngine } from '../../sync/client';
import { managerRoutes } from '../api/managerRoutes';
import { hashManagerPin } from '../api/managerPin';
import { createManagerCore } from './managerCore';
import { loadTillConfig } from '../config/tillConfig';
import { ensureDataDirectory, lockDataDirectory, resolveDataDirectory, type DataDirectoryLock, type SecretSealer } from '../../sync/cache';
import type { DeviceConfig } from '../../drivers/deviceConfig';
import { connectSync } from './connectSync';
import { demoScannerConfig, scanWithDemoScanner, waitUntilOnline } from './demoScanner';
import { printTillBanner } from './tillBanner';
import { createTemporaryDemoDirectory, type TemporaryDirectory } from './temporaryDemoDirectory';
import { startTill, type RunningTill } from './startTill';
import { createRendererHost } from '../api/rendererHost';

export interface RunTillOptions {
  demo: boolean;
  dataDir: string | undefined;
  port: number | undefined;
  members: number;
  scanners: DeviceConfig[];
  crmUrl: string | undefined;
  enrolCode: string | undefined;
  /** Start an empty cache although the data directory shows its cache was lost (`--accept-empty-cache`). */
  acceptEmptyCache?: boolean;
  /** The logger for this data directory (the CLI writes to <data>/logs and warnings to stderr). */
  makeLogger: (dataDir: string) => Logger;
  /** Where the banner goes (stdout by default). */
  print?: (text: string) => void;
  /** Read scans from stdin in the demo (default true when stdin is a terminal or a pipe). */
  readStdin?: boolean;
  /** A prebuilt renderer to serve (a packaged app ships no renderer sources or esbuild). */
  rendererBundleDir?: string;
  /** Where sync credentials live (the Electron shell passes one sealed by the OS keychain). */
  credentialStore?: (dataDir: string) => CredentialStore;
  /** Seals the identifier hash key with the OS keychain (the Electron shell passes safeStorage where it is real). */
  hashKeySealer?: SecretSealer;
}

export interface RunningTillProcess {
  running: RunningTill;
  crm: CrmEmulator | undefined;
  stop(): Promise<void>;
}

/** `tillid start`: the till, and with --demo everything around it (emulated CRM, enrolment, emulated scanner). */
export async function runTill(options: RunTillOptions): Promise<RunningTillProcess> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const temporary = options.demo && !options.dataDir ? createTemporaryDemoDirectory() : undefined;
  const dataDir = temporary?.dir ?? resolveDataDirectory(options.dataDir);
  // First of all, before the demo's CRM or an enrolment touches the directory: one till per data directory.
  const lock = lockDataDirectory(ensureDataDirectory(dataDir));
  try {
    return await runLockedTill(options, dataDir, lock, print, temporary);
  } catch (error) {
    lock.release();
    temporary?.remove();
    throw error;
  }
}

async function runLockedTill(
  options: RunTillOptions,
  dataDir: string,
  lock: DataDirectoryLock,
  print: (text: string) => void,
  temporary: TemporaryDirectory | undefined,
): Promise<RunningTillProcess> {
  const logger = options.makeLogger(dataDir);

  const credentialStore = options.credentialStore?.(dataDir);
  let crm: CrmEmulator | undefined;
  let crmUrl = options.crmUrl;
  let enrolCode = options.enrolCode;
  if (options.demo) {
    crm = await startDemoCrm({ dataDir, members: options.members, logger });
    crmUrl = crm.url;
    if (!(await readTillEnrolment(dataDir))) enrolCode = crm.parts.enrolment.issueCode(Date.now(), 3600).code;
  }
  if (crmUrl && enrolCode && !(await readTillEnrolment(dataDir))) {
    await enrolTill({ crmUrl, code: enrolCode, dataDir, tillName: options.demo ? 'Demo till' : undefined, logger, ...(credentialStore ? { credentialStore } : {}) });
  }

  const scanners = [...options.scanners];
  const demoScanner = options.demo ? demoScannerConfig(dataDir) : undefined;
  if (demoScanner) scanners.push(demoScanner);

  const tillId = (await readTillEnrolment(dataDir))?.deviceId ?? 'unenrolled';
  const fileConfig = loadTillConfig(dataDir);
  // The demo's manager PIN is 1234 (docs/ui.md); a real till sets manager.pinHash in config.json.
  const manager = options.demo && !fileConfig.manager.pinHash ? { pinHash: await hashManagerPin('1234') } : fileConfig.manager;
  // The manager's routes are made before the till runs; the sync engine and devices join once it does.
  const late: { engine?: SyncEngine; devices?: RunningTill['devices'] } = {};
  const config = { ...fileConfig, manager };
  const managerCore = createManagerCore({
    dataDir,
    config,
    logger,
    engine: () => late.engine,
    devices: () => late.devices,
    ...(credentialStore ? { credentialStore } : {}),
  });
  const running = await startTill({
    dataDir,
    logger,
    port: options.port,
    extraScanners: scanners,
    config,
    extraRoutes: managerRoutes(managerCore),
    staticHandler: createRendererHost(options.rendererBundleDir ? { bundleDir: options.rendererBundleDir } : {}),
    tillId: () => tillId,
    lock,
    acceptEmptyCache: options.acceptEmptyCache ?? false,
    ...(credentialStore ? { credentialStore } : {}),
    ...(options.hashKeySealer ? { hashKeySealer: options.hashKeySealer } : {}),
  });
  late.devices = running.devices;
  const engine = connectSync(running, { dataDir, logger, pullIntervalMs: running.config.sync.pullIntervalSeconds * 1000, ...(credentialStore ? { credentialStore } : {}) });
  late.engine = engine;
  if (options.demo) await engine.syncNow();
  if (demoScanner && !(await waitUntilOnline(running.devices, demoScanner, 10_000))) {
    logger.warn('the demo scanner did not come online within 10 s; see GET /api/v1/devices');
  }

  printTillBanner({ print, running, dataDir, crm, demoScanner });

  let rl: readline.Interface | undefined;
  if (demoScanner && (options.readStdin ?? true)) {
    rl = readline.createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (line) => {
      const label = line.trim();
      if (label) void scanWithDemoScanner(running.devices, demoScanner, label).catch((error: unknown) => print(`scan failed: ${(error as Error).message}\n`));
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      rl?.close();
      await engine.stop();
      await running.close();
      await crm?.close();
      temporary?.remove();
    })());
  return { running, crm, stop };
}
