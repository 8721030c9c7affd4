import type { ScannerOutput } from './emitScannerOutputs';

/** Where a binding sends what an open port says: its bytes or reports, and once, that it is gone. */
export interface PortSinks {
  data(chunk: Uint8Array): void;
  gone(reason: 'unplugged' | 'port closed'): void;
}

/** An open port. Closing is idempotent and never throws. */
export interface OpenPort {
  close(): Promise<void>;
}

/** What one attempt to open the port came to: open, or why not and whether that is a fault (`error`) or absence (`offline`). */
export type OpenOutcome =
  | { kind: 'open'; port: OpenPort }
  | { kind: 'failed'; state: 'offline' | 'error'; where: string; message: string; hint?: string };

/** The words a device's status lines use: each transport says them its own way. */
export interface PortStatusTexts {
  /** Offline, before a start or after a stop: `Serial scanner /dev/ttyACM0`. */
  idle(where: string): string;
  connecting(): string;
  online(where: string): string;
  /** The status description while waiting to try again. */
  retrying(state: 'offline' | 'error', message: string): string;
  /** What happens next: `reopening at /dev/ttyACM0 in 400 ms`. */
  next(delayMs: number): string;
}

/**
 * How one device reaches its hardware (serialport, node-hid, the emulated HID bus, or a mock in unit tests, as
 * serialport's binding-mock): find the port by path or identity and open it. The device life cycle around it
 * (portScannerDevice.ts) is the same for every transport.
 */
export interface PortBinding {
  /** `raw` events carry byte chunks (serial) or whole reports (HID). */
  readonly rawKind: 'bytes' | 'report';
  /** Where the device is, or was last seen: a path, a USB identity, or both. */
  readonly where: string;
  readonly texts: PortStatusTexts;
  /** One attempt. Never throws: a failure is an outcome. The sinks are live from the moment the port opens. */
  open(sinks: PortSinks): Promise<OpenOutcome>;
}

/** Turns what arrives on a port (bytes or reports) into frames; pure, with time as a parameter. */
export interface ChunkDecoder {
  push(chunk: Uint8Array, at: number): ScannerOutput[];
  /** The line has been quiet for the configured time. */
  silence(at: number): ScannerOutput[];
  /** True while an unfinished frame is held (the device arms its silence timer only then). */
  hasPending(): boolean;
}
