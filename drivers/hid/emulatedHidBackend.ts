import { EventEmitter } from 'node:events';
import type { HidBackend, HidDeviceInfo, HidHandle } from './hidBackend';

/**
 * An emulated HID device: what a test or `tillid emulate hid` drives. Its reports go through the same
 * decoders as a real node-hid device's, and `unplug`/`replug` behave as node-hid does (an `error` on the
 * open handle, then absence from `devices()` until it is back).
 */
export class EmulatedHidDevice {
  private readonly handles = new Set<EventEmitter>();
  private plugged = true;
  /** Feature reports the till sent (so a test can see a quirk's enable report arrive). */
  readonly featureReports: Uint8Array[] = [];

  constructor(readonly info: HidDeviceInfo) {}

  get isPlugged(): boolean {
    return this.plugged;
  }

  get openHandles(): number {
    return this.handles.size;
  }

  /** Sends one input report to every open handle. */
  sendReport(report: Uint8Array): void {
    if (!this.plugged) return;
    for (const handle of this.handles) handle.emit('data', Buffer.from(report));
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    for (const handle of [...this.handles]) handle.emit('error', new Error('could not read from HID device'));
    this.handles.clear();
  }

  replug(): void {
    this.plugged = true;
  }

  /** @internal used by the backend */
  attach(emitter: EventEmitter): void {
    this.handles.add(emitter);
  }

  /** @internal used by the backend */
  detach(emitter: EventEmitter): void {
    this.handles.delete(emitter);
  }
}

export interface EmulatedHid {
  backend: HidBackend;
  /** Adds (plugs in) a device; the path must be unique. */
  addDevice(info: Omit<HidDeviceInfo, 'path'> & { path?: string }): EmulatedHidDevice;
  find(path: string): EmulatedHidDevice | undefined;
}

export function createEmulatedHid(): EmulatedHid {
  const devices = new Map<string, EmulatedHidDevice>();
  let next = 0;
  const backend: HidBackend = {
    kind: 'emulated',
    async devices() {
      return [...devices.values()].filter((d) => d.isPlugged).map((d) => ({ ...d.info }));
    },
    async open(path) {
      const device = devices.get(path);
      if (!device || !device.isPlugged) throw new Error(`cannot open emulated HID device ${path}: not present`);
      const emitter = new EventEmitter();
      // Like node-hid, an error nobody listens to must not crash the process.
      emitter.on('error', () => undefined);
      device.attach(emitter);
      let closed = false;
      const handle: HidHandle = {
        on: (event: 'data' | 'error', listener: (arg: never) => void) => {
          emitter.on(event, (arg: Buffer | Error) => {
            if (!closed) (listener as (a: Uint8Array | Error) => void)(event === 'data' ? new Uint8Array(arg as Buffer) : arg);
          });
        },
        sendFeatureReport: async (report) => {
          if (closed || !device.isPlugged) throw new Error('emulated HID device is closed');
          device.featureReports.push(report.slice());
          return report.length;
        },
        close: async () => {
          closed = true;
          device.detach(emitter);
        },
      };
      return handle;
    },
  };
  return {
    backend,
    addDevice(info) {
      next += 1;
      const path = info.path ?? `emulated-hid-${next}`;
      if (devices.has(path)) throw new Error(`emulated HID device ${path} already exists`);
      const device = new EmulatedHidDevice({ ...info, path });
      devices.set(path, device);
      return device;
    },
    find: (path) => devices.get(path),
  };
}

let shared: EmulatedHid | undefined;

/** The process-wide emulated HID bus that `emulated-hid:` scanners of the CLI attach to. */
export function sharedEmulatedHid(): EmulatedHid {
  shared ??= createEmulatedHid();
  return shared;
}
