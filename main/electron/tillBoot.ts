import path from 'node:path';
import type { CredentialSealer, CredentialStore } from '../../sync/client/credentialStore';
import { createLogger } from '../log';
import { runTill } from '../till/runTill';
import type { CredentialProtection } from './safeStorageCredentialStore';
import type { ShellOptions } from './shellOptions';

/** What the shell asks of the till core: the same start as `tillid start`, plus the shell's credential store. */
export interface ShellTillOptions extends ShellOptions {
  /** The prebuilt renderer (dist/renderer inside the app) for the POS API to serve. */
  rendererBundleDir: string;
  /** Sync credentials sealed by the OS keychain where there is one. */
  credentialStore: (dataDir: string) => { store: CredentialStore; protection: CredentialProtection };
  /** The identifier hash key sealed by the OS keychain too; absent where there is no real one (a 0600 file then). */
  hashKeySealer?: CredentialSealer;
}

export interface ShellTill {
  /** The POS API's base URL on 127.0.0.1. */
  url: string;
  token: string;
  /** Config's kiosk setting, if the till has one. */
  kiosk?: boolean;
  /** Config's `screens.customerDisplay`: whether to open the customer display, and on which of the OS's displays. */
  customerDisplay?: { enabled: boolean; display: number };
  close(): Promise<void>;
}

export type StartShellTill = (options: ShellTillOptions) => Promise<ShellTill>;

/**
 * Starts the till exactly as `tillid start [--demo]` does (runTill → startTill: cache, scanners, sync, POS API, and
 * with --demo the emulated CRM and scanner), with no stdin reading and logs in <data>/logs.
 *
 * The packaged app serves its prebuilt renderer and keeps sync credentials in the OS keychain.
 */
export const startShellTill: StartShellTill = async (options) => {
  const started = await runTill({
    demo: options.demo,
    dataDir: options.dataDir,
    port: options.port,
    members: 1000,
    scanners: [],
    crmUrl: undefined,
    enrolCode: undefined,
    acceptEmptyCache: options.acceptEmptyCache ?? false,
    makeLogger: (dataDir) => createLogger({ logDir: path.join(dataDir, 'logs'), consoleLevel: 'warn' }),
    readStdin: false,
    rendererBundleDir: options.rendererBundleDir,
    credentialStore: (dataDir) => options.credentialStore(dataDir).store,
    ...(options.hashKeySealer ? { hashKeySealer: options.hashKeySealer } : {}),
  });
  const config = started.running.config;
  return { url: started.running.url, token: started.running.token, kiosk: config.kiosk, customerDisplay: config.screens.customerDisplay, close: () => started.stop() };
};
