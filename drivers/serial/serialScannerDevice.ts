import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { DeviceStatusTracker } from '../device/deviceStatusTracker';
import { emitScannerOutputs } from '../device/emitScannerOutputs';
import { ReconnectSchedule } from '../device/reconnectSchedule';
import type { ScannerDevice, ScannerDeviceEvents } from '../device/scannerDevice';
import { SilenceTimer } from '../device/silenceTimer';
import { createFramer } from '../framing/createFramer';
import type { Framer, FramerOutput } from '../framing/framerOutput';
import type { SerialPrefix, SerialSuffix } from '../framing/suffixes';
import { decodeLabelBytes, type TextEncoding } from '../scan/decodeLabelBytes';
import type { DeviceStatus, Transport } from '../scanEvent';
import type { SerialAccess, SerialOpenOptions, SerialPortLike } from './serialAccess';
import { describeSerialIdentity, findSerialPort } from './findSerialPort';

export interface SerialScannerSettings {
  path?: string | undefined;
  vendorId?: number | undefined;
  productId?: number | undefined;
  serialNumber?: string | undefined;
  line: Omit<SerialOpenOptions, 'path'>;
  suffix: SerialSuffix;
  prefix: SerialPrefix;
  interByteTimeoutMs?: number | undefined;
  maxFrameLength: number;
  encoding: TextEncoding;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface SerialScannerDeps {
  id: string;
  transport: Transport;
  logger: Logger;
  now: () => number;
  serial: SerialAccess;
}

/**
 * A scanner on a serial line (RS-232 or USB-CDC). Life cycle: connecting → online → offline (unplugged)
 * or error (cannot open) → reopened by path or USB identity with capped exponential backoff, until stopped.
 */
export class SerialScannerDevice extends EventEmitter<ScannerDeviceEvents> implements ScannerDevice {
  readonly id: string;
  private readonly tracker: DeviceStatusTracker;
  private readonly reconnect: ReconnectSchedule;
  private readonly silenceTimer: SilenceTimer;
  private framer: Framer;
  private port: SerialPortLike | undefined;
  private running = false;
  private where: string;

  constructor(private readonly settings: SerialScannerSettings, private readonly deps: SerialScannerDeps) {
    super();
    this.id = deps.id;
    this.where = this.identityText();
    this.tracker = new DeviceStatusTracker(
      { deviceId: deps.id, transport: deps.transport, logger: deps.logger, now: deps.now, emit: (s) => this.emit('status', s) },
      `Serial scanner ${this.where}`,
    );
    this.reconnect = new ReconnectSchedule(settings.reconnectMinMs, settings.reconnectMaxMs, () => void this.connect());
    this.framer = this.newFramer();
    const silenceMs = settings.interByteTimeoutMs ?? (settings.suffix === 'none' ? 50 : 1000);
    this.silenceTimer = new SilenceTimer(silenceMs, () => this.handleOutputs(this.framer.silence(this.deps.now())));
  }

  status(): DeviceStatus {
    return this.tracker.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Announced once: retries only change the offline status when something changes (no event per attempt).
    this.tracker.set('connecting', `Opening serial scanner ${this.identityText()}`);
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reconnect.cancel();
    this.silenceTimer.cancel();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners();
    this.tracker.set('offline', `Serial scanner ${this.where}`, { where: this.where, message: 'stopped', next: 'nothing until the till starts the device again' });
  }

  private identityText(path?: string): string {
    const { vendorId, productId, serialNumber } = this.settings;
    if (vendorId !== undefined && productId !== undefined) {
      const identity = describeSerialIdentity({ vendorId, productId, serialNumber });
      return path ? `${identity} on ${path}` : identity;
    }
    return path ?? this.settings.path ?? 'unknown port';
  }

  private newFramer(): Framer {
    return createFramer({ suffix: this.settings.suffix, prefix: this.settings.prefix, maxFrameLength: this.settings.maxFrameLength });
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    let path = this.settings.path;
    const { vendorId, productId, serialNumber } = this.settings;
    if (vendorId !== undefined && productId !== undefined) {
      let found;
      try {
        found = findSerialPort(await this.deps.serial.list(), { vendorId, productId, serialNumber });
      } catch (error) {
        this.retry('error', `list serial ports (${this.identityText()})`, errorText(error));
        return;
      }
      if (!this.running) return;
      if (!found) {
        this.retry('offline', this.identityText(), 'not connected');
        return;
      }
      path = found.path;
    }
    if (path === undefined) {
      this.retry('error', 'serial configuration', 'no path and no USB identity');
      return;
    }
    this.where = this.identityText(path);
    let port: SerialPortLike;
    try {
      port = this.deps.serial.open({ path, ...this.settings.line });
    } catch (error) {
      this.retry('error', `open ${this.where}`, errorText(error));
      return;
    }
    this.port = port;
    port.on('error', (error) => this.deps.logger.debug({ deviceId: this.id, reason: error.message }, 'serial port error'));
    port.on('data', (chunk) => this.handleChunk(chunk));
    port.on('close', (error) => this.handleClose(port, error));
    port.open((error) => {
      if (!this.running || this.port !== port) {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.port = undefined;
        port.removeAllListeners();
        const missing = /ENOENT|no such file|cannot find/i.test(error.message);
        const denied = /EACCES|permission denied|access denied/i.test(error.message);
        this.retry(missing ? 'offline' : 'error', `open ${this.where}`, missing ? 'not connected' : error.message, denied ? ' (check permissions, see docs/hardware.md)' : '');
        return;
      }
      this.reconnect.reset();
      this.framer = this.newFramer();
      this.tracker.set('online', `Serial scanner on ${this.where}`);
    });
  }

  private handleClose(port: SerialPortLike, error?: (Error & { disconnected?: boolean }) | null): void {
    if (this.port !== port) return;
    this.port = undefined;
    port.removeAllListeners();
    this.silenceTimer.cancel();
    this.handleOutputs(this.framer.silence(this.deps.now()));
    if (!this.running) return;
    this.retry('offline', this.where, error?.disconnected ? 'unplugged' : 'port closed');
  }

  private retry(state: 'offline' | 'error', where: string, message: string, hint = ''): void {
    if (!this.running) return;
    const target = this.settings.vendorId !== undefined ? `by identity ${this.identityText()}` : `at ${this.settings.path ?? ''}`;
    const description = state === 'offline' ? `Serial scanner ${this.identityText()} (${message})` : `Serial scanner ${this.identityText()} failed`;
    this.reconnect.schedule((delay) => this.tracker.set(state, description, { where, message, next: `reopening ${target} in ${delay} ms${hint}` }));
  }

  private handleChunk(chunk: Buffer): void {
    const at = this.deps.now();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.listenerCount('raw') > 0) this.emit('raw', { deviceId: this.id, kind: 'bytes', bytes: bytes.slice(), at });
    this.handleOutputs(this.framer.push(bytes, at));
    if (this.framer.hasPending()) this.silenceTimer.touch();
    else this.silenceTimer.cancel();
  }

  private handleOutputs(outputs: FramerOutput[]): void {
    const decoded = outputs.map((o) => (o.kind === 'frame' ? { ...o, text: decodeLabelBytes(o.bytes, this.settings.encoding) } : o));
    emitScannerOutputs({ deviceId: this.id, transport: this.deps.transport, logger: this.deps.logger, events: this }, decoded);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
