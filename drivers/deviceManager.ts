import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { createScannerDevice } from './createScannerDevice';
import type { FrameErrorEvent, RawChunkEvent, ScannerDevice } from './device/scannerDevice';
import { defaultDeviceId, type DeviceConfig } from './deviceConfig';
import { sharedEmulatedHid, type EmulatedHid } from './hid/emulatedHidBackend';
import type { HidBackend } from './hid/hidBackend';
import { createNodeHidBackend } from './hid/nodeHidBackend';
import type { DeviceStatus, ScanEvent } from './scanEvent';
import { createSerialPortAccess, type SerialAccess } from './serial/serialAccess';

export interface DeviceManagerOptions {
  devices: DeviceConfig[];
  logger: Logger;
  /** Epoch milliseconds; scan and status times come from it. */
  now?: () => number;
  /** HID access for hid-pos/hid-wedge devices; node-hid by default (loaded only when such a device exists). */
  hid?: HidBackend;
  /** Serial access; serialport by default. */
  serial?: SerialAccess;
  /** The bus `emulated-hid` devices attach to; the process-wide one by default. */
  emulatedHid?: EmulatedHid;
}

export interface DeviceManagerEvents {
  scan: [ScanEvent];
  status: [DeviceStatus];
  'frame-error': [FrameErrorEvent];
  raw: [RawChunkEvent];
}

/** Starts the configured scanners and merges what they say; each device recovers from unplugs by itself. */
export interface DeviceManager extends EventEmitter<DeviceManagerEvents> {
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): DeviceStatus[];
  /** The driver of one device (emulated devices expose their emulator this way, for tests). */
  device(id: string): ScannerDevice | undefined;
}

class ScannerDeviceManager extends EventEmitter<DeviceManagerEvents> implements DeviceManager {
  private readonly devices: ScannerDevice[] = [];
  private started = false;

  constructor(options: DeviceManagerOptions) {
    super();
    const now = options.now ?? Date.now;
    let hid = options.hid;
    const deps = {
      logger: options.logger,
      now,
      serial: options.serial ?? createSerialPortAccess(),
      hid: () => (hid ??= createNodeHidBackend()),
      emulatedHid: options.emulatedHid ?? sharedEmulatedHid(),
    };
    const used = new Set<string>();
    for (const config of options.devices) {
      const base = defaultDeviceId(config);
      let id = base;
      for (let n = 2; used.has(id); n += 1) id = `${base}#${n}`;
      used.add(id);
      const device = createScannerDevice(id, config, deps);
      device.on('scan', (e) => this.emit('scan', e));
      device.on('status', (s) => this.emit('status', s));
      device.on('frame-error', (e) => this.emit('frame-error', e));
      this.devices.push(device);
    }
    // Raw bytes are copied only while someone (tillid record) listens for them.
    let forwardingRaw = false;
    (this as unknown as EventEmitter).on('newListener', (event: string | symbol) => {
      if (event !== 'raw' || forwardingRaw) return;
      forwardingRaw = true;
      for (const device of this.devices) device.on('raw', (e) => this.emit('raw', e));
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const device of this.devices) device.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.devices.map((d) => d.stop()));
  }

  list(): DeviceStatus[] {
    return this.devices.map((d) => d.status());
  }

  device(id: string): ScannerDevice | undefined {
    return this.devices.find((d) => d.id === id);
  }
}

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  return new ScannerDeviceManager(options);
}
