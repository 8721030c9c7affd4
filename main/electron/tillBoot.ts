import path from 'node:path';
import type { CredentialSealer, CredentialStore } from '../../sync/client/credentialStore';
import { createLogger } from '../log';
import { startTill } from '../compose/startTill';
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
 * Starts the till with the same composition `tillid start [--demo]` uses (startTill: cache, scanners, sync, POS API,
 * and with --demo the emulated CRM and scanner), with logs in <data>/logs and nothing read from stdin.
 *
 * The packaged app serves its prebuilt renderer, and every CRM client (enrolment, sync, step-up, the member summary)
 * keeps its credentials in the shell's store, sealed by the OS keychain where there is one, as the hash key is.
 */
export const startShellTill: StartShellTill = async (options) => {
  const running = await startTill({
    demo: options.demo,
    dataDir: options.dataDir,
    port: options.port,
    acceptEmptyCache: options.acceptEmptyCache ?? false,
    logger: (dataDir: string) => createLogger({ logDir: path.join(dataDir, 'logs'), consoleLevel: 'warn' }),
    renderer: { bundleDir: options.rendererBundleDir },
    credentialStore: (dataDir) => options.credentialStore(dataDir).store,
    ...(options.hashKeySealer ? { hashKeySealer: options.hashKeySealer } : {}),
  });
  const { config } = running;
  return { url: running.url, token: running.token, kiosk: config.kiosk, customerDisplay: config.screens.customerDisplay, close: () => running.close() };
};
