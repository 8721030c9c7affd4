import type { Logger } from 'pino';
import type { OpenOutcome, PortBinding, PortSinks } from '../device/portBinding';
import type { SerialAccess, SerialOpenOptions, SerialPortLike } from './serialAccess';
import { describeSerialIdentity, findSerialPort } from './findSerialPort';

/** Which port: a fixed path, or a USB identity looked up at each attempt (it survives a replug into another socket). */
export interface SerialPortTarget {
  path?: string | undefined;
  vendorId?: number | undefined;
  productId?: number | undefined;
  serialNumber?: string | undefined;
  line: Omit<SerialOpenOptions, 'path'>;
}

/** A serial line (RS-232 or USB-CDC) through SerialAccess (serialport, or a substitute in tests). */
export function createSerialPortBinding(target: SerialPortTarget, serial: SerialAccess, log: { logger: Logger; deviceId: string }): PortBinding {
  const identityText = (path?: string): string => {
    const { vendorId, productId, serialNumber } = target;
    if (vendorId !== undefined && productId !== undefined) {
      const identity = describeSerialIdentity({ vendorId, productId, serialNumber });
      return path ? `${identity} on ${path}` : identity;
    }
    return path ?? target.path ?? 'unknown port';
  };
  let where = identityText();

  async function findPath(): Promise<{ path: string } | Extract<OpenOutcome, { kind: 'failed' }>> {
    const { vendorId, productId, serialNumber } = target;
    if (vendorId === undefined || productId === undefined) {
      return target.path === undefined ? { kind: 'failed', state: 'error', where: 'serial configuration', message: 'no path and no USB identity' } : { path: target.path };
    }
    try {
      const found = findSerialPort(await serial.list(), { vendorId, productId, serialNumber });
      return found ? { path: found.path } : { kind: 'failed', state: 'offline', where: identityText(), message: 'not connected' };
    } catch (error) {
      return { kind: 'failed', state: 'error', where: `list serial ports (${identityText()})`, message: errorText(error) };
    }
  }

  function openPort(port: SerialPortLike): Promise<Error | null> {
    return new Promise((resolve) => port.open((error) => resolve(error)));
  }

  async function close(port: SerialPortLike): Promise<void> {
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port.removeAllListeners();
  }

  return {
    rawKind: 'bytes',
    get where() {
      return where;
    },
    texts: {
      idle: (at) => `Serial scanner ${at}`,
      connecting: () => `Opening serial scanner ${identityText()}`,
      online: (at) => `Serial scanner on ${at}`,
      retrying: (state, message) => (state === 'offline' ? `Serial scanner ${identityText()} (${message})` : `Serial scanner ${identityText()} failed`),
      next: (delayMs) => `reopening ${target.vendorId !== undefined ? `by identity ${identityText()}` : `at ${target.path ?? ''}`} in ${delayMs} ms`,
    },
    async open(sinks: PortSinks): Promise<OpenOutcome> {
      const found = await findPath();
      if (!('path' in found)) return found;
      where = identityText(found.path);
      let port: SerialPortLike;
      try {
        port = serial.open({ path: found.path, ...target.line });
      } catch (error) {
        return { kind: 'failed', state: 'error', where: `open ${where}`, message: errorText(error) };
      }
      let opened = false;
      port.on('error', (error) => log.logger.debug({ deviceId: log.deviceId, reason: error.message }, 'serial port error'));
      port.on('data', (chunk) => sinks.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      port.on('close', (error) => {
        if (opened) sinks.gone(error?.disconnected ? 'unplugged' : 'port closed');
      });
      const error = await openPort(port);
      if (error) {
        port.removeAllListeners();
        const missing = /ENOENT|no such file|cannot find/i.test(error.message);
        const denied = /EACCES|permission denied|access denied/i.test(error.message);
        return {
          kind: 'failed',
          state: missing ? 'offline' : 'error',
          where: `open ${where}`,
          message: missing ? 'not connected' : error.message,
          ...(denied ? { hint: ' (check permissions, see docs/hardware.md)' } : {}),
        };
      }
      opened = true;
      return { kind: 'open', port: { close: () => close(port) } };
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
