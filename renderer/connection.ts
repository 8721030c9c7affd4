import { SHELL_BRIDGE_KEY } from '../main/api/contract/shellBridge';
import { ShellConnectionSchema } from '../main/api/contract/shellConnection';
import type { Connection } from './apiClient';

export const TOKEN_STORAGE_KEY = 'tillid.token';

/** The parts of `window` the connection is found in, so this runs in a test without a browser. */
export interface ConnectionWindow {
  location: { hash: string; origin: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  [SHELL_BRIDGE_KEY]?: unknown;
}

/**
 * Where the API is and its token. In Electron the preload answers both. In a browser the start command prints
 * `http://127.0.0.1:PORT/#token=TOKEN`: the token is moved to sessionStorage (it survives a reload of this tab only)
 * and cut from the address bar so it is not left in history or shown over a shoulder.
 */
export async function resolveConnection(win: ConnectionWindow): Promise<Connection | null> {
  const bridge = win[SHELL_BRIDGE_KEY] as { connection?: () => Promise<unknown> } | undefined;
  if (bridge && typeof bridge.connection === 'function') {
    try {
      const parsed = ShellConnectionSchema.safeParse(await bridge.connection());
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
  const fromHash = tokenFromHash(win.location.hash);
  if (fromHash) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage refused: the token still works for this page view.
    }
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
    return { apiBase: win.location.origin, token: fromHash };
  }
  let stored: string | null = null;
  try {
    stored = win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    stored = null;
  }
  return stored ? { apiBase: win.location.origin, token: stored } : null;
}

function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && /^[\w.~+/=-]{16,200}$/.test(token) ? token : null;
}
