import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runShell, type ShellElectron } from '../../../main/electron/shell';
import type { ShellTillOptions, StartShellTill } from '../../../main/electron/tillBoot';
import { CONNECTION_CHANNEL } from '../../../main/electron/ipcChannels';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeSession } from './fakeElectron';

const TOKEN = 'tok_0123456789abcdefghij';

function setUp() {
  FakeBrowserWindow.created = [];
  const app = new FakeApp();
  const ipcMain = new FakeIpcMain();
  const session = new FakeSession();
  const dialog = { showErrorBox: vi.fn() };
  const safeStorage = { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret', encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() };
  const displays = [{ bounds: { x: 0, y: 0, width: 1280, height: 800 } }, { bounds: { x: 1280, y: 0, width: 800, height: 480 } }];
  const screen = { getAllDisplays: () => displays };
  const electron = { app, BrowserWindow: FakeBrowserWindow, ipcMain, session: { defaultSession: session }, safeStorage, dialog, screen } as unknown as ShellElectron;
  const close = vi.fn(async () => undefined);
  const seen: ShellTillOptions[] = [];
  let customerDisplay: { enabled: boolean; display: number } | undefined;
  const startTill: StartShellTill = async (options) => {
    seen.push(options);
    return { url: 'http://127.0.0.1:7420', token: TOKEN, close, ...(customerDisplay ? { customerDisplay } : {}) };
  };
  const configure = (display: { enabled: boolean; display: number }): void => {
    customerDisplay = display;
  };
  return { app, ipcMain, session, dialog, electron, close, seen, startTill, displays, configure };
}

describe('the Electron shell', () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp();
  });

  it('quits at once when another instance holds the lock', async () => {
    t.app.lock = false;
    expect(await runShell(t.electron, t.startTill, [], {})).toBeNull();
    expect(t.app.quits).toBe(1);
    expect(t.seen).toEqual([]);
    expect(FakeBrowserWindow.created).toEqual([]);
  });

  it('starts the till in this process, then one locked-down window on it', async () => {
    const run = await runShell(t.electron, t.startTill, ['--demo', '--data', '/var/lib/tillid'], {});
    expect(run).not.toBeNull();
    expect(t.app.sandboxed).toBe(true);
    expect(t.seen[0]).toMatchObject({ demo: true, dataDir: '/var/lib/tillid', kiosk: false, rendererBundleDir: '/opt/Tillid/resources/app.asar/dist/renderer' });
    expect(t.seen[0]?.credentialStore('/tmp/x').protection).toBe('os_keychain');
    const [window] = FakeBrowserWindow.created;
    expect(window?.loaded).toEqual(['http://127.0.0.1:7420/']);
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(t.session.permissionRequest).not.toBeNull();
  });

  it('seals the identifier hash key with the keychain, where there is a real one', async () => {
    await runShell(t.electron, t.startTill, [], {});
    expect(t.seen[0]?.hashKeySealer).toBeDefined();
    const plain = setUp();
    Object.assign(plain.electron.safeStorage, { getSelectedStorageBackend: () => 'basic_text' });
    await runShell(plain.electron, plain.startTill, [], {});
    // basic_text seals with a fixed key on Linux: a 0600 file, said plainly, beats a seal that only pretends.
    expect(plain.seen[0]?.hashKeySealer === undefined || process.platform !== 'linux').toBe(true);
  });

  it('gives the window’s own page the connection over IPC, and no one else', async () => {
    await runShell(t.electron, t.startTill, [], {});
    const window = FakeBrowserWindow.created[0]!;
    const handler = t.ipcMain.handlers.get(CONNECTION_CHANNEL)!;
    const frame = window.webContents.mainFrame;
    expect(handler({ sender: window.webContents, senderFrame: frame }, { v: 1 })).toEqual({ apiBase: 'http://127.0.0.1:7420', token: TOKEN });
    expect(() => handler({ sender: {}, senderFrame: frame }, { v: 1 })).toThrow(/foreign_sender/);
  });

  it.each([
    [['--kiosk'], {}],
    [[], { TILLID_KIOSK: '1' }],
  ])('opens in kiosk mode with %j %j', async (argv, env) => {
    await runShell(t.electron, t.startTill, argv, env);
    expect(FakeBrowserWindow.created[0]?.options).toMatchObject({ kiosk: true });
  });

  it.each([
    [false, true],
    [true, false],
  ])('packaged %s, kiosk off: DevTools %s (an installed till never opens them)', async (packaged, devTools) => {
    t.app.isPackaged = packaged;
    await runShell(t.electron, t.startTill, [], {});
    expect(FakeBrowserWindow.created[0]?.options).toMatchObject({ kiosk: false, webPreferences: { devTools } });
  });

  it('opens the customer display as a second window on the configured display, and gives it the connection too', async () => {
    t.configure({ enabled: true, display: 1 });
    const run = await runShell(t.electron, t.startTill, [], {});
    expect(FakeBrowserWindow.created).toHaveLength(2);
    const customer = FakeBrowserWindow.created[1]!;
    expect(run?.customerWindow).toBe(customer);
    expect(customer.loaded).toEqual(['http://127.0.0.1:7420/customer']);
    expect(customer.options).toMatchObject({ x: 1280, y: 0, width: 800, height: 480, frame: false, fullscreen: true });
    expect(customer.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const handler = t.ipcMain.handlers.get(CONNECTION_CHANNEL)!;
    expect(handler({ sender: customer.webContents, senderFrame: customer.webContents.mainFrame }, { v: 1 })).toEqual({ apiBase: 'http://127.0.0.1:7420', token: TOKEN });
    // Its contents are locked down like the cashier's: no new windows.
    expect(customer.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it.each([
    ['a display the computer does not have', 2],
    ['the cashier’s own display', 0],
  ])('does not open the customer display on %s, and says why', async (_name, display) => {
    t.configure({ enabled: true, display });
    const run = await runShell(t.electron, t.startTill, [], {});
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(run?.customerWindow).toBeNull();
    expect(t.dialog.showErrorBox).toHaveBeenCalledWith('No customer display', expect.stringContaining(`display ${display}`));
  });

  it('opens no customer display unless config asks for one', async () => {
    const run = await runShell(t.electron, t.startTill, [], {});
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(run?.customerWindow).toBeNull();
    expect(t.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('opens in kiosk mode when the till’s config says so', async () => {
    const startTill: StartShellTill = async () => ({ url: 'http://127.0.0.1:7420', token: TOKEN, kiosk: true, close: t.close });
    await runShell(t.electron, startTill, [], {});
    expect(FakeBrowserWindow.created[0]?.options).toMatchObject({ kiosk: true });
  });

  it('brings the window forward when a second instance is started', async () => {
    await runShell(t.electron, t.startTill, [], {});
    const window = FakeBrowserWindow.created[0]!;
    window.minimized = true;
    t.app.emit('second-instance');
    expect([window.restored, window.focused]).toEqual([1, 1]);
  });

  it('closes the till once before quitting', async () => {
    await runShell(t.electron, t.startTill, [], {});
    t.app.emit('window-all-closed');
    await vi.waitFor(() => expect(t.app.quits).toBe(2));
    expect(t.close).toHaveBeenCalledTimes(1);
  });

  it('tells the person when the till cannot start, and exits', async () => {
    const failing: StartShellTill = async () => {
      throw new Error('Port 7420 is in use.');
    };
    expect(await runShell(t.electron, failing, [], {})).toBeNull();
    expect(t.dialog.showErrorBox).toHaveBeenCalledWith('Tillid could not start', 'Port 7420 is in use.');
    expect(t.app.exits).toEqual([1]);
    expect(FakeBrowserWindow.created).toEqual([]);
  });
});

describe('the Electron entry', () => {
  it('runs the shell with the real electron module', async () => {
    const runShellMock = vi.fn(async () => null);
    vi.doMock('electron', () => ({ app: { exit: vi.fn() }, BrowserWindow: class {}, dialog: { showErrorBox: vi.fn() }, ipcMain: {}, safeStorage: {}, session: {}, screen: {} }));
    vi.doMock('../../../main/electron/shell', () => ({ runShell: runShellMock }));
    await import('../../../main/electron/main');
    expect(runShellMock).toHaveBeenCalledTimes(1);
    const [electron] = runShellMock.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(Object.keys(electron).sort()).toEqual(['BrowserWindow', 'app', 'dialog', 'ipcMain', 'safeStorage', 'screen', 'session']);
  });
});
