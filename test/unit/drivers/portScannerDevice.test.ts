import { afterEach, describe, expect, it } from 'vitest';
import { PortScannerDevice } from '../../../drivers/device/portScannerDevice';
import type { ChunkDecoder } from '../../../drivers/device/portBinding';
import type { DeviceStatus, ScanEvent } from '../../../drivers/scanEvent';
import { collect, nextEvent, silentLogger, untilCount } from './support/events';
import { MockPortBinding } from './support/mockPortBinding';

/** Lines ending in `\n` are frames; what is held when the line goes quiet is flushed as a frame too. */
function lineDecoder(): ChunkDecoder {
  let held = '';
  let firstAt = 0;
  const frame = (text: string, at: number) => ({ kind: 'frame' as const, text, raw: new TextEncoder().encode(text), firstAt, lastAt: at });
  return {
    push(chunk, at) {
      if (held === '') firstAt = at;
      held += new TextDecoder().decode(chunk);
      const lines = held.split('\n');
      held = lines.pop() ?? '';
      return lines.map((line) => frame(line, at));
    },
    silence(at) {
      const rest = held;
      held = '';
      return rest === '' ? [] : [frame(rest, at)];
    },
    hasPending: () => held !== '',
  };
}

let device: PortScannerDevice | undefined;
afterEach(async () => {
  await device?.stop();
  device = undefined;
});

function start(binding: MockPortBinding, silenceMs = 10_000): PortScannerDevice {
  device = new PortScannerDevice(
    { createDecoder: lineDecoder, silenceMs, reconnectMinMs: 5, reconnectMaxMs: 20 },
    binding,
    { id: 'mock', transport: 'serial', logger: silentLogger, now: Date.now },
  );
  return device;
}

const state = (d: PortScannerDevice, wanted: DeviceStatus['state']) => nextEvent<DeviceStatus>(d, 'status', (s) => s.state === wanted);

describe('the device life cycle over a port binding', () => {
  it('connecting → online, and each frame on the port becomes a scan', async () => {
    const binding = new MockPortBinding();
    const d = start(binding);
    const statuses = collect<DeviceStatus>(d, 'status');
    const online = state(d, 'online');
    d.start();
    expect((await online).description).toBe('Mock scanner on mock:0');
    const scans = collect<ScanEvent>(d, 'scan');
    binding.send('7350053850019\nABC');
    binding.send('\n');
    await untilCount(scans, 2);
    expect(scans.map((s) => s.label)).toEqual(['7350053850019', 'ABC']);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'online']);
  });

  it('an unplug flushes the held frame, goes offline with what happens next, and a replug comes back online', async () => {
    const binding = new MockPortBinding();
    const d = start(binding);
    let online = state(d, 'online');
    d.start();
    await online;
    const scans = collect<ScanEvent>(d, 'scan');
    binding.send('half a code');
    const offline = state(d, 'offline');
    binding.unplug();
    expect((await offline).error).toEqual({ where: 'mock:0', message: 'unplugged', next: 'reopening mock:0 in 5 ms' });
    expect(scans.map((s) => s.label)).toEqual(['half a code']);
    expect(binding.closes).toBe(1);
    online = state(d, 'online');
    binding.replug();
    await online;
    binding.send('after\n');
    await untilCount(scans, 2);
    expect(scans[1]?.label).toBe('after');
  });

  it('a port that will not open is an error with its hint, retried with growing delays up to the cap', async () => {
    const binding = new MockPortBinding();
    binding.failWith = 'EBUSY';
    const d = start(binding);
    const errors = collect<DeviceStatus>(d, 'status');
    d.start();
    while (binding.opens < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    const first = errors.find((s) => s.state === 'error');
    expect(first?.error).toEqual({ where: 'open mock:0', message: 'EBUSY', next: 'reopening mock:0 in 5 ms (a hint)' });
    // One status per change, not one per attempt: the delay grows (5, 10, 20, 20…) and so the text changes.
    expect(errors.filter((s) => s.state === 'error').map((s) => s.error?.next)).toEqual(
      expect.arrayContaining(['reopening mock:0 in 10 ms (a hint)', 'reopening mock:0 in 20 ms (a hint)']),
    );
    const online = state(d, 'online');
    binding.failWith = undefined;
    await online;
  });

  it('a stop during an open closes the port that opens late, and says stopped', async () => {
    const binding = new MockPortBinding();
    binding.holdOpens = true;
    const d = start(binding);
    d.start();
    const stopped = state(d, 'offline');
    await d.stop();
    expect((await stopped).error?.message).toBe('stopped');
    binding.releaseOpens();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(binding.isOpen).toBe(false);
    expect(binding.closes).toBe(1);
    expect(d.status().state).toBe('offline');
  });

  it('a frame left open is flushed after the silence time', async () => {
    const binding = new MockPortBinding();
    const d = start(binding, 20);
    const online = state(d, 'online');
    d.start();
    await online;
    const scan = nextEvent<ScanEvent>(d, 'scan');
    binding.send('no suffix');
    expect((await scan).label).toBe('no suffix');
  });

  it('raw chunks reach `raw` listeners as copies', async () => {
    const binding = new MockPortBinding();
    const d = start(binding);
    const online = state(d, 'online');
    d.start();
    await online;
    const raw = nextEvent<{ kind: string; bytes: Uint8Array }>(d, 'raw');
    binding.send('x\n');
    expect(await raw).toMatchObject({ kind: 'bytes', bytes: new TextEncoder().encode('x\n') });
  });
});
