import { describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async () => ({ apiBase: 'http://127.0.0.1:7420', token: 'tok_0123456789abcdefghij' }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
}));

describe('the preload', () => {
  it('exposes one small API: the connection, and nothing of ipcRenderer or Node', async () => {
    await import('../../../main/electron/preload');
    expect([...exposed.keys()]).toEqual(['tillid']);
    const api = exposed.get('tillid') as Record<string, unknown>;
    expect(Object.keys(api)).toEqual(['connection']);
    const connection = await (api.connection as () => Promise<unknown>)();
    expect(connection).toEqual({ apiBase: 'http://127.0.0.1:7420', token: 'tok_0123456789abcdefghij' });
    expect(invoke).toHaveBeenCalledWith('tillid:connection', { v: 1 });
  });
});
