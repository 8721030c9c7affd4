import { describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { handleConnectionRequest, IpcRefused, registerShellIpc, type ShellIpcOptions } from '../../../main/electron/ipc';
import { CONNECTION_CHANNEL } from '../../../main/electron/ipcChannels';
import { FakeIpcMain } from './fakeElectron';

const ORIGIN = 'http://127.0.0.1:7420';
const TOKEN = 'tok_0123456789abcdefghij';
const mainFrame = { url: `${ORIGIN}/` };
const ours = { mainFrame } as unknown as WebContents;
const options: ShellIpcOptions = {
  appOrigin: ORIGIN,
  isAppContents: (contents) => contents === ours,
  connection: () => ({ apiBase: ORIGIN, token: TOKEN }),
};

function event(sender: WebContents, senderFrame: { url: string } | null): IpcMainInvokeEvent {
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent;
}

describe('the shell IPC', () => {
  it('answers the app’s own page', () => {
    expect(handleConnectionRequest(event(ours, mainFrame), { v: 1 }, options)).toEqual({ apiBase: ORIGIN, token: TOKEN });
  });

  const otherContents = { mainFrame: { url: `${ORIGIN}/` } } as unknown as WebContents;
  const foreignTop = { url: 'https://evil.example/' };
  const oursOnForeignPage = { mainFrame: foreignTop } as unknown as WebContents;
  it.each([
    ['another window’s contents', event(otherContents, (otherContents as unknown as { mainFrame: { url: string } }).mainFrame)],
    ['a sub-frame of our window', event(ours, { url: `${ORIGIN}/` })],
    ['no frame (it navigated away or closed)', event(ours, null)],
    ['our contents showing a foreign page', event(oursOnForeignPage, foreignTop)],
  ])('refuses %s', (_name, e) => {
    const isOurs = (contents: WebContents) => contents === ours || contents === oursOnForeignPage;
    expect(() => handleConnectionRequest(e, { v: 1 }, { ...options, isAppContents: isOurs })).toThrow(new IpcRefused('foreign_sender'));
  });

  it.each([[undefined], [null], ['v1'], [{}], [{ v: 2 }], [{ v: '1' }], [{ v: 1, token: 'x' }], [[1]]])('refuses the malformed message %j', (payload) => {
    expect(() => handleConnectionRequest(event(ours, mainFrame), payload, options)).toThrow(new IpcRefused('malformed_message'));
  });

  it('checks its own answer too', () => {
    expect(() => handleConnectionRequest(event(ours, mainFrame), { v: 1 }, { ...options, connection: () => ({ apiBase: 'file:///x', token: TOKEN }) })).toThrow();
  });

  it('registers one handler and removes it', () => {
    const ipcMain = new FakeIpcMain();
    const remove = registerShellIpc(ipcMain as unknown as IpcMain, options);
    expect([...ipcMain.handlers.keys()]).toEqual([CONNECTION_CHANNEL]);
    expect(ipcMain.handlers.get(CONNECTION_CHANNEL)?.(event(ours, mainFrame), { v: 1 })).toEqual({ apiBase: ORIGIN, token: TOKEN });
    remove();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
