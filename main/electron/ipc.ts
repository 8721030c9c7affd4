import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import { ShellConnectionSchema, type ShellConnection } from '../api/contract/shellConnection';
import { CONNECTION_CHANNEL } from './ipcChannels';

const ConnectionRequestSchema = z.strictObject({ v: z.literal(1) });

export interface ShellIpcOptions {
  /** The app's own origin, e.g. http://127.0.0.1:7420: only pages from it may ask. */
  appOrigin: string;
  /** The window's contents: only its top frame may ask. */
  isAppContents(contents: WebContents): boolean;
  connection(): ShellConnection;
}

/** Why a message was refused; the preload's promise rejects with this and nothing more. */
export class IpcRefused extends Error {
  constructor(reason: 'foreign_sender' | 'malformed_message') {
    super(`tillid ipc refused: ${reason}`);
    this.name = 'IpcRefused';
  }
}

/** The sender is the top frame of our own window, showing a page from our own origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, options: Pick<ShellIpcOptions, 'appOrigin' | 'isAppContents'>): boolean {
  const frame = event.senderFrame;
  if (!frame || !options.isAppContents(event.sender)) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === options.appOrigin;
  } catch {
    return false;
  }
}

/** Answers the preload's one question, after checking who asks and what they sent. */
export function handleConnectionRequest(event: IpcMainInvokeEvent, payload: unknown, options: ShellIpcOptions): ShellConnection {
  if (!isTrustedSender(event, options)) throw new IpcRefused('foreign_sender');
  if (!ConnectionRequestSchema.safeParse(payload).success) throw new IpcRefused('malformed_message');
  return ShellConnectionSchema.parse(options.connection());
}

export function registerShellIpc(ipcMain: IpcMain, options: ShellIpcOptions): () => void {
  ipcMain.handle(CONNECTION_CHANNEL, (event, payload: unknown) => handleConnectionRequest(event, payload, options));
  return () => ipcMain.removeHandler(CONNECTION_CHANNEL);
}
