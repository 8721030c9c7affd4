import type { App, BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { RENDERER_CSP } from '../api/rendererCsp';

export interface MainWindowOptions {
  /** Origin of the POS API serving the renderer, e.g. http://127.0.0.1:7420. */
  appOrigin: string;
  preloadPath: string;
  kiosk: boolean;
  /**
   * True in an installed build (electron `app.isPackaged`). DevTools there would hand anyone at the till the API
   * token (window.tillid.connection()), so they stay off whatever the kiosk setting.
   */
  packaged: boolean;
}

/** The one window's settings: an isolated, sandboxed page with no Node, no webviews, no insecure content. */
export function mainWindowConstructorOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f3f4f0',
    title: 'Tillid',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Only a developer's unpackaged, non-kiosk run gets DevTools.
      devTools: !options.packaged && !options.kiosk,
    },
  };
}

/** Only the app's own origin may be shown; anything else (a link, a drag, a redirect) is refused. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/**
 * Session-wide rules: every permission (camera, HID, serial, notifications, …) denied, since the page needs none
 * (native work stays in the main process); the CSP sent on every response from the app's origin.
 */
export function lockDownSession(ses: Session, appOrigin: string): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, appOrigin)) return callback({ responseHeaders: details.responseHeaders });
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
}

/** Navigation within the app's origin only; no new windows; no webviews. */
export function lockDownContents(contents: WebContents, appOrigin: string): void {
  const refuseForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applies the contents rules to every web contents the app ever makes, not only the main window's. */
export function lockDownApp(app: App, appOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, appOrigin));
}

/** Where the customer display's window goes: a display's bounds in the OS's desktop coordinates. */
export interface DisplayBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The customer display's window: the same locked-down page at `/customer`, frameless and full screen on the customer's
 * display, never taking focus from the cashier's window (the customer touches it, the cashier keeps typing).
 */
export function customerWindowConstructorOptions(options: MainWindowOptions, bounds: DisplayBounds): BrowserWindowConstructorOptions {
  const main = mainWindowConstructorOptions({ ...options, kiosk: false });
  return {
    ...main,
    ...bounds,
    minWidth: undefined,
    minHeight: undefined,
    frame: false,
    fullscreen: true,
    focusable: true,
    skipTaskbar: true,
    backgroundColor: '#ffffff',
    title: 'Tillid – kundskärm',
  };
}

export function createCustomerWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  options: MainWindowOptions,
  bounds: DisplayBounds,
): BrowserWindow {
  const window = new BrowserWindowClass(customerWindowConstructorOptions(options, bounds));
  lockDownContents(window.webContents, options.appOrigin);
  window.once('ready-to-show', () => window.showInactive());
  void window.loadURL(`${options.appOrigin}/customer`);
  return window;
}

export function createMainWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  options: MainWindowOptions,
): BrowserWindow {
  const window = new BrowserWindowClass(mainWindowConstructorOptions(options));
  lockDownContents(window.webContents, options.appOrigin);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${options.appOrigin}/`);
  return window;
}
