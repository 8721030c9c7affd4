import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { DeviceStatusTracker } from '../device/deviceStatusTracker';
import { emitScannerOutputs } from '../device/emitScannerOutputs';
import { ReconnectSchedule } from '../device/reconnectSchedule';
import type { ScannerDevice, ScannerDeviceEvents } from '../device/scannerDevice';
import { SilenceTimer } from '../device/silenceTimer';
import type { DeviceStatus, Transport } from '../scanEvent';
import type { HidBackend, HidHandle } from './hidBackend';
import { matchHidDevice, type HidCriteria } from './matchHidDevice';
import type { DecodedOutput, ReportDecoder } from './reportDecoder';

export interface HidScannerSettings {
  criteria: HidCriteria;
  /** A fresh decoder per connection (a replug must not inherit half a code). */
  createDecoder: () => ReportDecoder;
  /** Feature report to send after opening, if the scanner needs one to start. */
  enableReport?: Uint8Array | undefined;
  silenceMs: number;
  pollMs: number;
  /** Added to the "next" of an open failure (e.g. why a keyboard cannot be read on this platform). */
  openFailureHint?: string | undefined;
}

export interface HidScannerDeps {
  id: string;
  transport: Transport;
  logger: Logger;
  now: () => number;
  hid: HidBackend;
}

/**
 * A HID scanner (HID-POS or keyboard wedge). node-hid has no plug events: while the device is missing we
 * look for it again (quickly at first, then every `pollMs`), and an `error` on the open handle means unplugged.
 */
export class HidScannerDevice extends EventEmitter<ScannerDeviceEvents> implements ScannerDevice {
  readonly id: string;
  private readonly tracker: DeviceStatusTracker;
  private readonly reconnect: ReconnectSchedule;
  private readonly silenceTimer: SilenceTimer;
  private decoder: ReportDecoder;
  private handle: HidHandle | undefined;
  private running = false;
  private where: string;

  constructor(private readonly settings: HidScannerSettings, private readonly deps: HidScannerDeps) {
    super();
    this.id = deps.id;
    this.where = describeCriteria(settings.criteria);
    this.tracker = new DeviceStatusTracker(
      { deviceId: deps.id, transport: deps.transport, logger: deps.logger, now: deps.now, emit: (s) => this.emit('status', s) },
      `HID scanner ${this.where}`,
    );
    this.reconnect = new ReconnectSchedule(Math.min(250, settings.pollMs), settings.pollMs, () => void this.connect());
    this.decoder = settings.createDecoder();
    this.silenceTimer = new SilenceTimer(settings.silenceMs, () => this.handleOutputs(this.decoder.silence(this.deps.now())));
  }

  status(): DeviceStatus {
    return this.tracker.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Announced once: while the device is missing, polls only change the status when something changes.
    this.tracker.set('connecting', `Looking for HID scanner ${describeCriteria(this.settings.criteria)}`);
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reconnect.cancel();
    this.silenceTimer.cancel();
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    this.tracker.set('offline', `HID scanner ${this.where}`, { where: this.where, message: 'stopped', next: 'nothing until the till starts the device again' });
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    let handle: HidHandle;
    try {
      const info = matchHidDevice(await this.deps.hid.devices(), this.settings.criteria);
      if (!this.running) return;
      if (!info) {
        this.retry('offline', describeCriteria(this.settings.criteria), 'not connected');
        return;
      }
      this.where = `${describeCriteria(this.settings.criteria)} on ${info.path}`;
      handle = await this.deps.hid.open(info.path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const hint = this.settings.openFailureHint ?? (/permission|access/i.test(message) ? ' (check hidraw permissions, see docs/hardware.md)' : '');
      this.retry('error', `open ${this.where}`, message, hint);
      return;
    }
    if (!this.running) {
      await handle.close().catch(() => undefined);
      return;
    }
    this.handle = handle;
    this.decoder = this.settings.createDecoder();
    handle.on('data', (report) => this.handleReport(handle, report));
    handle.on('error', (error) => void this.handleGone(handle, error));
    if (this.settings.enableReport) {
      try {
        await handle.sendFeatureReport(this.settings.enableReport);
      } catch (error) {
        this.handle = undefined;
        await handle.close().catch(() => undefined);
        this.retry('error', `enable ${this.where}`, error instanceof Error ? error.message : String(error));
        return;
      }
    }
    if (this.handle !== handle) return;
    this.reconnect.reset();
    this.tracker.set('online', `HID scanner ${this.where}`);
  }

  private async handleGone(handle: HidHandle, error: Error): Promise<void> {
    if (this.handle !== handle) return;
    this.handle = undefined;
    this.silenceTimer.cancel();
    this.handleOutputs(this.decoder.silence(this.deps.now()));
    await handle.close().catch(() => undefined);
    this.deps.logger.debug({ deviceId: this.id, reason: error.message }, 'HID read failed');
    this.retry('offline', this.where, 'unplugged');
  }

  private retry(state: 'offline' | 'error', where: string, message: string, hint = ''): void {
    if (!this.running) return;
    this.reconnect.schedule((delay) =>
      this.tracker.set(state, `HID scanner ${describeCriteria(this.settings.criteria)} (${message})`, {
        where,
        message,
        next: `looking for ${describeCriteria(this.settings.criteria)} again in ${delay} ms${hint}`,
      }),
    );
  }

  private handleReport(handle: HidHandle, report: Uint8Array): void {
    if (this.handle !== handle) return;
    const at = this.deps.now();
    if (this.listenerCount('raw') > 0) this.emit('raw', { deviceId: this.id, kind: 'report', bytes: report.slice(), at });
    this.handleOutputs(this.decoder.push(report, at));
    if (this.decoder.hasPending()) this.silenceTimer.touch();
    else this.silenceTimer.cancel();
  }

  private handleOutputs(outputs: DecodedOutput[]): void {
    emitScannerOutputs({ deviceId: this.id, transport: this.deps.transport, logger: this.deps.logger, events: this }, outputs);
  }
}

function describeCriteria(c: HidCriteria): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  if (c.vendorId !== undefined && c.productId !== undefined)
    return `${hex(c.vendorId)}:${hex(c.productId)}${c.serialNumber ? ` (serial ${c.serialNumber})` : ''}`;
  return c.path ?? 'unknown';
}
