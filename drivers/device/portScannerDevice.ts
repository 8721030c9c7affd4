import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { DeviceStatus, Transport } from '../scanEvent';
import { DeviceStatusTracker } from './deviceStatusTracker';
import { emitScannerOutputs } from './emitScannerOutputs';
import type { ChunkDecoder, OpenPort, PortBinding, PortSinks } from './portBinding';
import { ReconnectSchedule } from './reconnectSchedule';
import type { ScannerDevice, ScannerDeviceEvents } from './scannerDevice';
import { SilenceTimer } from './silenceTimer';

export interface PortScannerSettings {
  /** A fresh decoder per connection: a replug must not inherit half a code. */
  createDecoder: () => ChunkDecoder;
  /** Quiet time after which a held, unfinished frame is flushed. */
  silenceMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface PortScannerDeps {
  id: string;
  transport: Transport;
  logger: Logger;
  now: () => number;
}

/**
 * One scanner over a port binding, whatever the transport. Life cycle: connecting → online → offline (unplugged,
 * not there) or error (cannot open) → tried again with capped exponential backoff, until stopped.
 */
export class PortScannerDevice extends EventEmitter<ScannerDeviceEvents> implements ScannerDevice {
  readonly id: string;
  private readonly tracker: DeviceStatusTracker;
  private readonly reconnect: ReconnectSchedule;
  private readonly silenceTimer: SilenceTimer;
  private decoder: ChunkDecoder;
  private port: OpenPort | undefined;
  /** The sinks of the latest attempt: what an older port says is ignored. */
  private current: PortSinks | undefined;
  private running = false;

  constructor(private readonly settings: PortScannerSettings, private readonly binding: PortBinding, private readonly deps: PortScannerDeps) {
    super();
    this.id = deps.id;
    this.tracker = new DeviceStatusTracker(
      { deviceId: deps.id, transport: deps.transport, logger: deps.logger, now: deps.now, emit: (s) => this.emit('status', s) },
      binding.texts.idle(binding.where),
    );
    this.reconnect = new ReconnectSchedule(settings.reconnectMinMs, settings.reconnectMaxMs, () => void this.connect());
    this.decoder = settings.createDecoder();
    this.silenceTimer = new SilenceTimer(settings.silenceMs, () => this.handleOutputs(this.decoder.silence(this.deps.now())));
  }

  status(): DeviceStatus {
    return this.tracker.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Announced once: retries only change the status when something changes (no event per attempt).
    this.tracker.set('connecting', this.binding.texts.connecting());
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current = undefined;
    this.reconnect.cancel();
    this.silenceTimer.cancel();
    const port = this.port;
    this.port = undefined;
    await port?.close();
    const where = this.binding.where;
    this.tracker.set('offline', this.binding.texts.idle(where), { where, message: 'stopped', next: 'nothing until the till starts the device again' });
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const sinks: PortSinks = {
      data: (chunk) => {
        if (this.current === sinks && this.port) this.handleChunk(chunk);
      },
      gone: (reason) => {
        if (this.current === sinks) void this.handleGone(reason);
      },
    };
    this.current = sinks;
    const outcome = await this.binding.open(sinks);
    if (outcome.kind === 'failed') {
      if (this.current === sinks) this.retry(outcome.state, outcome.where, outcome.message, outcome.hint);
      return;
    }
    if (!this.running || this.current !== sinks) {
      await outcome.port.close();
      return;
    }
    this.port = outcome.port;
    this.decoder = this.settings.createDecoder();
    this.reconnect.reset();
    this.tracker.set('online', this.binding.texts.online(this.binding.where));
  }

  private async handleGone(reason: 'unplugged' | 'port closed'): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.current = undefined;
    this.silenceTimer.cancel();
    this.handleOutputs(this.decoder.silence(this.deps.now()));
    await port?.close();
    this.retry('offline', this.binding.where, reason);
  }

  private retry(state: 'offline' | 'error', where: string, message: string, hint = ''): void {
    if (!this.running) return;
    const { texts } = this.binding;
    this.reconnect.schedule((delay) => this.tracker.set(state, texts.retrying(state, message), { where, message, next: `${texts.next(delay)}${hint}` }));
  }

  private handleChunk(chunk: Uint8Array): void {
    const at = this.deps.now();
    if (this.listenerCount('raw') > 0) this.emit('raw', { deviceId: this.id, kind: this.binding.rawKind, bytes: chunk.slice(), at });
    this.handleOutputs(this.decoder.push(chunk, at));
    if (this.decoder.hasPending()) this.silenceTimer.touch();
    else this.silenceTimer.cancel();
  }

  private handleOutputs(outputs: ReturnType<ChunkDecoder['push']>): void {
    emitScannerOutputs({ deviceId: this.id, transport: this.deps.transport, logger: this.deps.logger, events: this }, outputs);
  }
}
