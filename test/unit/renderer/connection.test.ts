import { describe, expect, it } from 'vitest';
import { resolveConnection, TOKEN_STORAGE_KEY, type ConnectionWindow } from '../../../renderer/connection';

const TOKEN = 'A7f-Qx_9bcdEFGHijklmnopq';

function fakeWindow(hash: string, stored: Record<string, string> = {}, bridge?: unknown) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const win: ConnectionWindow = {
    location: { hash, origin: 'http://127.0.0.1:7420', pathname: '/', search: '' },
    history: { replaceState: (_d, _u, url) => void replaced.push(url ?? '') },
    sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    ...(bridge ? { tillid: bridge } : {}),
  };
  return { win, storage, replaced };
}

describe('finding the till and its token', () => {
  it('takes the token from the address fragment, keeps it for the tab and cuts it from the address bar', async () => {
    const { win, storage, replaced } = fakeWindow(`#token=${TOKEN}`);
    expect(await resolveConnection(win)).toEqual({ apiBase: 'http://127.0.0.1:7420', token: TOKEN });
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(replaced).toEqual(['/']);
  });

  it('finds the kept token after a reload', async () => {
    const { win } = fakeWindow('', { [TOKEN_STORAGE_KEY]: TOKEN });
    expect(await resolveConnection(win)).toEqual({ apiBase: 'http://127.0.0.1:7420', token: TOKEN });
  });

  it.each(['', '#token=', '#token=short', '#token=<script>alert(1)</script>xxxxxxxx'])('has nothing for %j', async (hash) => {
    expect(await resolveConnection(fakeWindow(hash).win)).toBeNull();
  });

  it('asks the Electron preload when there is one', async () => {
    const bridge = { connection: async () => ({ apiBase: 'http://127.0.0.1:7421', token: TOKEN }) };
    expect(await resolveConnection(fakeWindow('', {}, bridge).win)).toEqual({ apiBase: 'http://127.0.0.1:7421', token: TOKEN });
  });

  it.each([
    ['a malformed answer', async () => ({ apiBase: 'javascript:alert(1)', token: TOKEN })],
    ['a failing bridge', async () => { throw new Error('ipc closed'); }],
  ])('refuses %s from the preload', async (_name, connection) => {
    expect(await resolveConnection(fakeWindow('', {}, { connection }).win)).toBeNull();
  });
});
