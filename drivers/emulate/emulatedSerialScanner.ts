import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EmulatedSerialDeviceConfig } from '../deviceConfig';
import { DeviceStatusTracker } from '../device/deviceStatusTracker';
import type { ScannerDevice, ScannerDeviceEvents } from '../device/scannerDevice';
import type { DeviceStatus } from '../scanEvent';
import type { SerialAccess } from '../serial/serialAccess';
import { serialFramingSettings } from '../serial/serialFramingSettings';
import { SerialScannerDevice } from '../serial/serialScannerDevice';
import { loadScriptSteps } from './loadScript';
import { playScript } from './scriptPlayer';
import { SerialEmulator } from './serialEmulator';
import { serialScriptTarget } from './serialScriptTarget';

/**
 * `emulated-serial`: an in-process pty emulator plus the ordinary serial driver reading it, so a demo or a
 * test goes through exactly the code a physical serial scanner does. The script starts once the port is online.
 */
export class EmulatedSerialScanner extends EventEmitter<ScannerDeviceEvents> implements ScannerDevice {
  readonly id: string;
  readonly emulator: SerialEmulator;
  private readonly inner: SerialScannerDevice;
  private readonly setupTracker: DeviceStatusTracker;
  private readonly link: string;
  private failed = false;
  private player: AbortController | undefined;
  private played = false;
  private running = false;

  constructor(private readonly config: EmulatedSerialDeviceConfig, private readonly deps: { id: string; logger: Logger; now: () => number; serial: SerialAccess }) {
    super();
    this.id = deps.id;
    this.link = config.link ?? path.join(tmpdir(), `tillid-${config.name.replace(/[^\w-]/g, '_')}-${randomUUID().slice(0, 8)}.pty`);
    this.emulator = new SerialEmulator({ link: this.link });
    this.inner = new SerialScannerDevice(
      {
        path: this.link,
        line: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
        ...serialFramingSettings(config),
      },
      { ...deps, transport: 'emulated-serial' },
    );
    this.setupTracker = new DeviceStatusTracker(
      { deviceId: deps.id, transport: 'emulated-serial', logger: deps.logger, now: deps.now, emit: (s) => this.emit('status', s) },
      `Emulated serial scanner ${config.name}`,
    );
    this.inner.on('scan', (e) => this.emit('scan', e));
    this.inner.on('frame-error', (e) => this.emit('frame-error', e));
    this.inner.on('raw', (e) => this.emit('raw', e));
    this.inner.on('status', (s) => {
      if (this.failed) return;
      this.emit('status', s);
      if (s.state === 'online') void this.playOnce();
    });
  }

  /** The path the till side opens (the stable link). */
  get path(): string {
    return this.link;
  }

  status(): DeviceStatus {
    return this.failed ? this.setupTracker.status : this.inner.status();
  }

  start(): void {
    this.running = true;
    void this.startAsync();
  }

  private async startAsync(): Promise<void> {
    try {
      await this.emulator.plug();
      if (!this.running) {
        await this.emulator.stop();
        return;
      }
    } catch (error) {
      this.failed = true;
      this.setupTracker.set('error', `Emulated serial scanner ${this.config.name} could not start`, {
        where: 'allocating a pseudo-terminal',
        message: error instanceof Error ? error.message : String(error),
        next: 'nothing: install python3 (see docs/hardware.md)',
      });
      return;
    }
    this.inner.start();
  }

  private async playOnce(): Promise<void> {
    if (this.played) return;
    this.played = true;
    this.player = new AbortController();
    try {
      const steps = await loadScriptSteps(this.config.script, this.config.scans);
      await playScript(steps, serialScriptTarget(this.emulator, { suffix: this.config.suffix, prefix: this.config.prefix, encoding: this.config.encoding, byteDelayMs: 0, reopenTimeoutMs: 10_000 }), { signal: this.player.signal });
    } catch (error) {
      this.deps.logger.warn({ deviceId: this.id, reason: error instanceof Error ? error.message : String(error) }, 'emulator script failed');
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.player?.abort();
    await this.inner.stop();
    await this.emulator.stop();
  }
}
