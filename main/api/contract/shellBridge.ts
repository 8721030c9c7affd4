import type { ShellConnection } from './shellConnection';

/**
 * What the Electron preload exposes to the page, under `window[SHELL_BRIDGE_KEY]`: one call that answers where the
 * POS API is and its bearer token (checked with ShellConnectionSchema). Nothing else crosses from the shell.
 * No zod here: the sandboxed preload bundles this file and should stay tiny.
 */
export const SHELL_BRIDGE_KEY = 'tillid';

export interface ShellBridge {
  connection(): Promise<ShellConnection>;
}
