import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { DeviceConfig } from '../deviceConfig';
import { createDeviceManager } from '../deviceManager';
import type { RawChunkEvent } from '../device/scannerDevice';
import { bytesToHex } from '../scan/hex';
import type { EmulatedHid } from '../hid/emulatedHidBackend';
import type { HidBackend } from '../hid/hidBackend';
import type { DeviceStatus } from '../scanEvent';
import type { SerialAccess } from '../serial/serialAccess';

export interface RecordOptions {
  config: DeviceConfig;
  /** The script file to write (created with mode 0600: it holds scanned data). */
  out: string;
  logger: Logger;
  /** Stop after this many scans (decoded by the ordinary driver). */
  maxScans?: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Longest pause kept between two chunks; longer idle time is shortened on replay. */
  maxGapMs: number;
  signal?: AbortSignal;
  serial?: SerialAccess;
  hid?: HidBackend;
  emulatedHid?: EmulatedHid;
  onStatus?: (status: DeviceStatus) => void;
  onScan?: (count: number) => void;
}

export interface RecordSummary {
  chunks: number;
  scans: number;
}

/**
 * Records a real device's raw bytes (serial) or reports (HID) with their timing, as an emulator script:
 * `tillid emulate serial --script FILE` or an `emulated-hid` device replays it through the same decoders.
 */
export async function recordDevice(options: RecordOptions): Promise<RecordSummary> {
  const file = await open(options.out, 'w', 0o600);
  const manager = createDeviceManager({
    devices: [options.config],
    logger: options.logger,
    ...(options.serial ? { serial: options.serial } : {}),
    ...(options.hid ? { hid: options.hid } : {}),
    ...(options.emulatedHid ? { emulatedHid: options.emulatedHid } : {}),
  });
  let chunks = 0;
  let scans = 0;
  let lastAt: number | undefined;
  let writing = Promise.resolve();
  const write = (line: object): void => {
    writing = writing.then(async () => {
      await file.write(`${JSON.stringify(line)}\n`);
    });
  };
  const transport = options.config.type;
  write({ type: 'meta', source: 'tillid record', transport, recordedAt: new Date().toISOString() });

  const finished = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.durationMs !== undefined) setTimeout(stop, options.durationMs).unref();
    manager.on('scan', () => {
      scans += 1;
      options.onScan?.(scans);
      if (options.maxScans !== undefined && scans >= options.maxScans) setTimeout(stop, 50);
    });
  });
  manager.on('raw', (chunk: RawChunkEvent) => {
    const delayMs = lastAt === undefined ? 0 : Math.min(options.maxGapMs, Math.max(0, chunk.at - lastAt));
    lastAt = chunk.at;
    chunks += 1;
    write({ type: chunk.kind, hex: bytesToHex(chunk.bytes), delayMs: Math.round(delayMs * 1000) / 1000 });
  });
  if (options.onStatus) manager.on('status', options.onStatus);

  try {
    await manager.start();
    await finished;
  } finally {
    await manager.stop();
    await writing;
    await file.close();
  }
  return { chunks, scans };
}
