import path from 'node:path';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, SafeStorage, Session } from 'electron';
import { registerShellIpc } from './ipc';
import { createSafeStorageCredentialStore, keychainSealer } from './safeStorageCredentialStore';
import { parseShellOptions } from './shellOptions';
import type { ShellTill, StartShellTill } from './tillBoot';
import { createMainWindow, lockDownApp, lockDownSession } from './window';

/** The parts of the electron module the shell uses, passed in so tests can stand them in. */
export interface ShellElectron {
  app: App;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: IpcMain;
  session: { defaultSession: Session };
  safeStorage: SafeStorage;
  dialog: Pick<Dialog, 'showErrorBox'>;
}

export interface ShellRun {
  till: ShellTill;
  window: BrowserWindow;
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
  registerShellIpc(electron.ipcMain, {
    appOrigin,
    isAppContents: (contents) => window !== null && contents === window.webContents,
    connection: () => ({ apiBase: appOrigin, token: till.token }),
  });
  window = createMainWindow(electron.BrowserWindow, {
    appOrigin,
    preloadPath: path.join(import.meta.dirname, 'preload.cjs'),
    kiosk: options.kiosk || till.kiosk === true,
    packaged: app.isPackaged,
  });

  let closing = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closing) return;
    // Stop the till first (outbox flushed, ports and SQLite closed), then let the quit go on.
    event.preventDefault();
    closing = true;
    void till.close().finally(() => app.quit());
  });
  return { till, window };
}

/** The hash key goes into the OS keychain where there is a real one, as the sync credentials do. */
function sealedHashKey(safeStorage: SafeStorage): { hashKeySealer?: ReturnType<typeof keychainSealer> } {
  const sealer = keychainSealer(safeStorage);
  return sealer ? { hashKeySealer: sealer } : {};
}
