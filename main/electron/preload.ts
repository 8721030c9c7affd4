import { contextBridge, ipcRenderer } from 'electron';
import { SHELL_BRIDGE_KEY, type ShellBridge } from '../api/contract/shellBridge';
import type { ShellConnection } from '../api/contract/shellConnection';
import { CONNECTION_CHANNEL, CONNECTION_REQUEST } from './ipcChannels';

/**
 * The whole bridge from the shell into the page: where the POS API is and its token. No ipcRenderer, no Node,
 * no generic send: the page can ask this one question and nothing else.
 */
const bridge: ShellBridge = {
  connection: () => ipcRenderer.invoke(CONNECTION_CHANNEL, CONNECTION_REQUEST) as Promise<ShellConnection>,
};

contextBridge.exposeInMainWorld(SHELL_BRIDGE_KEY, bridge);
