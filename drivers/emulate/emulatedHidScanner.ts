import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { EmulatedHidDeviceConfig } from '../deviceConfig';
import type { ScannerDevice, ScannerDeviceEvents } from '../device/scannerDevice';
import type { EmulatedHid, EmulatedHidDevice } from '../hid/emulatedHidBackend';
import { enableReportFor, hidDecoderFactory, hidPosFormatFor } from '../hid/hidDecoderForConfig';
import { HidScannerDevice } from '../hid/hidScannerDevice';
import { LAYOUTS } from '../keyboard/layouts';
import type { DeviceStatus } from '../scanEvent';
import { hidScriptTarget } from './hidScriptTarget';
import { loadScriptSteps } from './loadScript';
import { playScript } from './scriptPlayer';

/**
 * `emulated-hid`: a device on the in-process emulated HID bus, read by the ordinary HID driver and decoders.
 * A script (or `scans`) plays into it once it is online; `device` lets a test drive it directly.
 */
export class EmulatedHidScanner extends EventEmitter<ScannerDeviceEvents> implements ScannerDevice {
  readonly id: string;
  readonly device: EmulatedHidDevice;
  private readonly inner: HidScannerDevice;
  private player: AbortController | undefined;
  private played = false;

  constructor(private readonly config: EmulatedHidDeviceConfig, private readonly deps: { id: string; logger: Logger; now: () => number; bus: EmulatedHid }) {
    super();
    this.id = deps.id;
    const devicePath = `emulated-hid:${config.name}`;
    this.device =
      deps.bus.find(devicePath) ??
      deps.bus.addDevice({
        path: devicePath,
        vendorId: config.vendorId,
        productId: config.productId,
        product: `Emulated ${config.mode === 'pos' ? 'HID-POS' : 'keyboard-wedge'} scanner`,
        ...(config.mode === 'pos' ? { usagePage: 0x8c, usage: 0x02 } : { usagePage: 0x01, usage: 0x06 }),
      });
    this.inner = new HidScannerDevice(
      {
        criteria: { path: devicePath, role: config.mode },
        createDecoder: hidDecoderFactory(config),
        enableReport: enableReportFor(config),
        silenceMs: config.interKeyTimeoutMs,
        pollMs: config.pollMs,
      },
      { id: deps.id, transport: 'emulated-hid', logger: deps.logger, now: deps.now, hid: deps.bus.backend },
    );
    this.inner.on('scan', (e) => this.emit('scan', e));
    this.inner.on('frame-error', (e) => this.emit('frame-error', e));
    this.inner.on('raw', (e) => this.emit('raw', e));
    this.inner.on('status', (s) => {
      this.emit('status', s);
      if (s.state === 'online') void this.playOnce();
    });
  }

  status(): DeviceStatus {
    return this.inner.status();
  }

  start(): void {
    this.inner.start();
  }

  async stop(): Promise<void> {
    this.player?.abort();
    await this.inner.stop();
  }

  private async playOnce(): Promise<void> {
    if (this.played) return;
    this.played = true;
    this.player = new AbortController();
    const emulation = this.config.mode === 'pos' ? { mode: 'pos' as const, format: hidPosFormatFor(this.config) } : { mode: 'wedge' as const, layout: LAYOUTS[this.config.layout] };
    const wedgeSuffix = this.config.wedgeSuffix === 'tab' ? 'tab' : this.config.wedgeSuffix === 'none' ? 'none' : 'enter';
    try {
      const steps = await loadScriptSteps(this.config.script, this.config.scans);
      await playScript(steps, hidScriptTarget(this.device, emulation, { byteDelayMs: 0, wedgeSuffix }), { signal: this.player.signal });
    } catch (error) {
      this.deps.logger.warn({ deviceId: this.id, reason: error instanceof Error ? error.message : String(error) }, 'emulator script failed');
    }
  }
}
