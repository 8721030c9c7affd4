import { SerialPort } from 'serialport';
import { guardEndOfFile } from './endOfFileGuard';

/** What SerialPort.list() says about a port (USB ids as lower-case hex strings, as serialport gives them). */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  pnpId?: string | undefined;
}

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
}

/** The part of serialport's stream we use: open, read, and learn when it closes (and whether by unplug). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: (Error & { disconnected?: boolean }) | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
}

/** How the serial transport lists and opens ports; tests and embedders can substitute it. */
export interface SerialAccess {
  list(): Promise<SerialPortInfo[]>;
  open(options: SerialOpenOptions): SerialPortLike;
}

/** serialport's platform binding, with end of file read as a disconnect (see endOfFileGuard.ts). */
const guardedBinding = {
  list: () => SerialPort.binding.list(),
  open: async (options: Parameters<typeof SerialPort.binding.open>[0]) => guardEndOfFile(await SerialPort.binding.open(options)),
};

export function createSerialPortAccess(): SerialAccess {
  return {
    list: () => SerialPort.list(),
    // SerialPort spreads its options over its default binding, so this one takes its place.
    open: (options) => new SerialPort({ ...options, autoOpen: false, binding: guardedBinding } as ConstructorParameters<typeof SerialPort>[0]),
  };
}
