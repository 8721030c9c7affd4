import path from 'node:path';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, SafeStorage, Screen, Session } from 'electron';
import { registerShellIpc } from './ipc';
import { createSafeStorageCredentialStore, keychainSealer } from './safeStorageCredentialStore';
import { parseShellOptions } from './shellOptions';
import type { ShellTill, StartShellTill } from './tillBoot';
import { createCustomerWindow, createMainWindow, lockDownApp, lockDownSession } from './window';

/** The parts of the electron module the shell uses, passed in so tests can stand them in. */
export interface ShellElectron {
  app: App;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: IpcMain;
  session: { defaultSession: Session };
  safeStorage: SafeStorage;
  dialog: Pick<Dialog, 'showErrorBox'>;
  /** Electron's `screen` (read after the app is ready): where the customer display's window goes. */
  screen: Pick<Screen, 'getAllDisplays'>;
}

export interface ShellRun {
  till: ShellTill;
  window: BrowserWindow;
  /** The customer display's window, when config asks for one and that display is there. */
  customerWindow: BrowserWindow | null;
}

/**
 * The Electron shell: one instance, one locked-down window over the same till core the CLI starts, running in this
 * main process (SQLite, serial and HID never enter the page). Answers null when another instance already runs
 * or the till could not start (the person is told why in a dialog).
 */
export async function runShell(electron: ShellElectron, startTill: StartShellTill, argv = process.argv.slice(1), env = process.env): Promise<ShellRun | null> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const options = parseShellOptions(argv, env);
  app.enableSandbox();
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();
  let till: ShellTill;
  try {
    till = await startTill({
      ...options,
      rendererBundleDir: path.join(app.getAppPath(), 'dist', 'renderer'),
      credentialStore: (dataDir) => createSafeStorageCredentialStore(dataDir, electron.safeStorage),
      ...sealedHashKey(electron.safeStorage),
    });
  } catch (error) {
    electron.dialog.showErrorBox('Tillid could not start', error instanceof Error ? error.message : 'An unknown error stopped the till.');
    app.exit(1);
    return null;
  }

  const appOrigin = new URL(till.url).origin;
  lockDownApp(app, appOrigin);
  lockDownSession(electron.session.defaultSession, appOrigin);
  let customerWindow: BrowserWindow | null = null;
  registerShellIpc(electron.ipcMain, {
    appOrigin,
    // Both of the app's own windows may ask for the connection; nothing else may.
    isAppContents: (contents) => (window !== null && contents === window.webContents) || (customerWindow !== null && contents === customerWindow.webContents),
    connection: () => ({ apiBase: appOrigin, token: till.token }),
  });
  const windowOptions = { appOrigin, preloadPath: path.join(import.meta.dirname, 'preload.cjs'), kiosk: options.kiosk || till.kiosk === true, packaged: app.isPackaged };
  window = createMainWindow(electron.BrowserWindow, windowOptions);
  const customerDisplay = till.customerDisplay;
  if (customerDisplay?.enabled) {
    // Only on a display of its own: over the cashier's screen it would hide the till.
    const target = electron.screen.getAllDisplays()[customerDisplay.display];
    if (target && customerDisplay.display > 0) customerWindow = createCustomerWindow(electron.BrowserWindow, windowOptions, target.bounds);
    else {
      electron.dialog.showErrorBox(
        'No customer display',
        `config.json asks for the customer display on display ${customerDisplay.display}, but this computer has ${electron.screen.getAllDisplays().length} display(s). The till runs without it; the cashier's screen asks to be turned to the customer instead.`,
      );
    }
  }

  let closing = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closing) return;
    // Stop the till first (outbox flushed, ports and SQLite closed), then let the quit go on.
    event.preventDefault();
    closing = true;
    void till.close().finally(() => app.quit());
  });
  return { till, window, customerWindow };
}

/** The hash key goes into the OS keychain where there is a real one, as the sync credentials do. */
function sealedHashKey(safeStorage: SafeStorage): { hashKeySealer?: ReturnType<typeof keychainSealer> } {
  const sealer = keychainSealer(safeStorage);
  return sealer ? { hashKeySealer: sealer } : {};
}
