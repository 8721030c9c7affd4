import { beforeEach, describe, expect, it } from 'vitest';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { createMainWindow, isAppUrl, lockDownApp, lockDownContents, lockDownSession, mainWindowConstructorOptions } from '../../../main/electron/window';
import { RENDERER_CSP } from '../../../main/api/rendererCsp';
import { FakeApp, FakeBrowserWindow, FakeSession, FakeWebContents } from './fakeElectron';

const ORIGIN = 'http://127.0.0.1:7420';

describe('the main window', () => {
  it('runs the page isolated and sandboxed, with no Node and full web security', () => {
    const options = mainWindowConstructorOptions({ appOrigin: ORIGIN, preloadPath: '/app/preload.cjs', kiosk: false, packaged: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it.each([
    // kiosk, packaged, window, DevTools
    [true, false, { kiosk: true, fullscreen: true }, false],
    [false, false, { kiosk: false, fullscreen: false }, true],
    [true, true, { kiosk: true, fullscreen: true }, false],
    [false, true, { kiosk: false, fullscreen: false }, false],
  ])('kiosk %s, packaged %s', (kiosk, packaged, expected, devTools) => {
    const options = mainWindowConstructorOptions({ appOrigin: ORIGIN, preloadPath: '/p', kiosk, packaged });
    expect(options).toMatchObject(expected);
    expect(options.webPreferences?.devTools).toBe(devTools);
  });

  it('loads the app from the till and shows it when ready', () => {
    FakeBrowserWindow.created = [];
    const window = createMainWindow(FakeBrowserWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, { appOrigin: ORIGIN, preloadPath: '/p', kiosk: false, packaged: false });
    const fake = window as unknown as FakeBrowserWindow;
    expect(fake.loaded).toEqual([`${ORIGIN}/`]);
    fake.emit('ready-to-show');
    expect(fake.shown).toBe(true);
  });
});

describe('navigation and new windows', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    lockDownContents(contents as unknown as WebContents, ORIGIN);
  });

  it.each([
    ['https://evil.example/', true],
    ['http://127.0.0.1:7421/', true],
    ['http://localhost:7420/', true],
    ['file:///etc/passwd', true],
    ['javascript:alert(1)', true],
    ['not a url', true],
    [`${ORIGIN}/`, false],
    [`${ORIGIN}/index.html`, false],
  ])('will-navigate to %s: refused %s', (url, refused) => {
    expect(contents.fire('will-navigate', { url })).toBe(refused);
    expect(contents.fire('will-redirect', { url })).toBe(refused);
  });

  it('denies every window.open', () => {
    expect(contents.windowOpenHandler?.({ url: `${ORIGIN}/` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('refuses webviews', () => {
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('applies the same rules to every web contents the app creates', () => {
    const app = new FakeApp();
    lockDownApp(app as unknown as App, ORIGIN);
    const other = new FakeWebContents();
    app.emit('web-contents-created', {}, other);
    expect(other.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it.each([[`${ORIGIN}/x`, true], ['http://127.0.0.1:74200/', false], ['', false]])('isAppUrl(%j) is %s', (url, expected) => {
    expect(isAppUrl(url, ORIGIN)).toBe(expected);
  });
});

describe('the session', () => {
  let session: FakeSession;
  beforeEach(() => {
    session = new FakeSession();
    lockDownSession(session as unknown as Session, ORIGIN);
  });

  it.each(['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the %s permission', (permission) => {
    let granted: boolean | undefined;
    session.permissionRequest?.({}, permission, (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(session.permissionCheck?.({}, permission, ORIGIN, {})).toBe(false);
  });

  it('denies device access and device pickers', () => {
    expect(session.devicePermission?.({ deviceType: 'hid', origin: ORIGIN })).toBe(false);
    for (const picker of ['select-hid-device', 'select-usb-device']) {
      let chosen: string | undefined;
      let prevented = false;
      session.emit(picker, { preventDefault: () => (prevented = true) }, {}, (id: string) => (chosen = id));
      expect([picker, prevented, chosen]).toEqual([picker, true, '']);
    }
    let port: string | undefined;
    session.emit('select-serial-port', { preventDefault: () => undefined }, [], {}, (id: string) => (port = id));
    expect(port).toBe('');
  });

  it('sends the strict CSP on the app’s responses and leaves others alone', () => {
    const answers: Array<Record<string, string[]> | undefined> = [];
    session.headersListener?.({ url: `${ORIGIN}/`, responseHeaders: { 'content-type': ['text/html'] } }, (r) => answers.push(r.responseHeaders));
    session.headersListener?.({ url: 'https://elsewhere.example/', responseHeaders: { a: ['b'] } }, (r) => answers.push(r.responseHeaders));
    expect(answers[0]).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [RENDERER_CSP] });
    expect(answers[1]).toEqual({ a: ['b'] });
  });
});
