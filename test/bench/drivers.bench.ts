// Scanner driver figures: (a) latency from the last byte written to the emulated pty to the DeviceManager's
// `scan` event; (b) 200 scans/s from one device for 60 s (TILLID_BENCH_QUICK=1: 5 s), none lost or merged;
// (c) in-process HID-POS and keyboard-wedge decode latency through the emulated HID backend.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DeviceConfigSchema } from '../../drivers/deviceConfig';
import { createDeviceManager, type DeviceManager } from '../../drivers/deviceManager';
import { hidReportsForScan } from '../../drivers/emulate/hidScriptTarget';
import { SerialEmulator } from '../../drivers/emulate/serialEmulator';
import { createEmulatedHid } from '../../drivers/hid/emulatedHidBackend';
import { HID_POS_REPORT_FORMATS } from '../../drivers/hid/pos/hidPosReportFormat';
import { LAYOUTS } from '../../drivers/keyboard/layouts';
import type { ScanEvent } from '../../drivers/scanEvent';
import { atMost } from './support/figure';
import { percentiles } from './support/stats';

export const name = 'drivers';

const quick = process.env.TILLID_BENCH_QUICK === '1';
const logger = pino({ level: 'silent' });

function online(manager: DeviceManager): Promise<void> {
  return new Promise((resolve) => manager.on('status', (s) => s.state === 'online' && resolve()));
}

async function serialTill(dir: string): Promise<{ emulator: SerialEmulator; manager: DeviceManager }> {
  const emulator = new SerialEmulator({ link: path.join(dir, 'scanner') });
  await emulator.plug();
  const manager = createDeviceManager({ devices: [DeviceConfigSchema.parse({ type: 'serial', path: emulator.path, suffix: 'cr' })], logger });
  const up = online(manager);
  await manager.start();
  await up;
  return { emulator, manager };
}

/** (a) One scan at a time: write the frame, wait for its event. */
async function serialLatency(dir: string, scans: number): Promise<Record<string, unknown>> {
  const { emulator, manager } = await serialTill(dir);
  const samples: number[] = [];
  try {
    for (let i = 0; i < scans; i += 1) {
      const label = `7350053${String(i).padStart(6, '0')}`;
      const frame = Buffer.from(`]E0${label}\r`);
      const received = new Promise<number>((resolve) => manager.once('scan', () => resolve(performance.now())));
      const sentAt = performance.now();
      await emulator.write(frame);
      samples.push((await received) - sentAt);
    }
  } finally {
    await manager.stop();
    await emulator.stop();
  }
  return { scans, ms: percentiles(samples), note: 'includes the emulator relay hop (pipe to python3, then the pty); no inter-byte timeout is involved with a CR suffix' };
}

/** (b) A steady 200 scans/s from one device; every label is numbered, so losses, merges and duplicates show. */
async function sustainedRate(dir: string, seconds: number, perSecond: number): Promise<Record<string, unknown>> {
  const { emulator, manager } = await serialTill(dir);
  const sentAt = new Map<number, number>();
  const seen = new Set<number>();
  const latencies: number[] = [];
  let merged = 0;
  let duplicates = 0;
  let frameErrors = 0;
  manager.on('frame-error', () => (frameErrors += 1));
  manager.on('scan', (scan: ScanEvent) => {
    const match = /^S(\d{7})$/.exec(scan.label);
    if (!match) {
      merged += 1;
      return;
    }
    const seq = Number(match[1]);
    if (seen.has(seq)) duplicates += 1;
    seen.add(seq);
    const t = sentAt.get(seq);
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  const total = seconds * perSecond;
  const interval = 1000 / perSecond;
  const start = performance.now();
  try {
    for (let i = 0; i < total; i += 1) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      sentAt.set(i, performance.now());
      void emulator.write(Buffer.from(`S${String(i).padStart(7, '0')}\r`));
    }
    const deadline = performance.now() + 5000;
    while (seen.size < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await manager.stop();
    await emulator.stop();
  }
  const elapsed = (performance.now() - start) / 1000;
  return {
    seconds,
    targetPerSecond: perSecond,
    sent: total,
    received: seen.size,
    lost: total - seen.size,
    merged,
    duplicates,
    frameErrors,
    achievedPerSecond: Math.round((total / elapsed) * 10) / 10,
    latencyMs: percentiles(latencies),
  };
}

/** (c) In-process: emulated HID report → decoder → scan event. */
async function hidLatency(scans: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const mode of ['pos', 'wedge'] as const) {
    const bus = createEmulatedHid();
    const manager = createDeviceManager({ devices: [DeviceConfigSchema.parse({ type: 'emulated-hid', name: mode, mode, layout: 'sv' })], logger, emulatedHid: bus });
    const up = online(manager);
    await manager.start();
    await up;
    const device = bus.find(`emulated-hid:${mode}`)!;
    const step = { type: 'scan' as const, data: 'TID1.eyJraWQiOiJrMSIsInN1YiI6InAxIn0.c2lnbmF0dXJlLWJ5dGVz', repeat: 1, delayMs: 0 };
    const reports = hidReportsForScan(step, mode === 'pos' ? { mode, format: HID_POS_REPORT_FORMATS.standard } : { mode, layout: LAYOUTS.sv });
    const samples: number[] = [];
    let lastSentAt = 0;
    manager.on('scan', () => samples.push(performance.now() - lastSentAt));
    for (let i = 0; i < scans; i += 1) {
      for (const report of reports) {
        lastSentAt = performance.now();
        device.sendReport(report);
      }
    }
    await manager.stop();
    out[mode] = { reportsPerScan: reports.length, completingReportToScanMs: percentiles(samples) };
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tillid-bench-drivers-'));
  try {
    const latency = await serialLatency(dir, quick ? 300 : 2000);
    const rate = await sustainedRate(dir, quick ? 5 : 60, 200);
    const hid = await hidLatency(quick ? 200 : 1000);
    const latencyMs = latency.ms as { p99: number };
    return {
      serialLastByteToScanP99: { ...atMost(latencyMs.p99, 10, 'ms'), note: 'a fixed ceiling; scanToApi measures the pty against a bare listener' },
      serial200PerSecondLostOrMerged: atMost(Number(rate.lost) + Number(rate.merged) + Number(rate.duplicates), 0, 'scans'),
      serialLastByteToScan: latency,
      serial200PerSecond: rate,
      emulatedHid: hid,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
