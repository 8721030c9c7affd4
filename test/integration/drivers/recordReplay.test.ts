import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceConfigSchema } from '../../../drivers/deviceConfig';
import { createDeviceManager } from '../../../drivers/deviceManager';
import { hidScriptTarget } from '../../../drivers/emulate/hidScriptTarget';
import { parseScript } from '../../../drivers/emulate/scanScript';
import { playScript } from '../../../drivers/emulate/scriptPlayer';
import { SerialEmulator } from '../../../drivers/emulate/serialEmulator';
import { serialScriptTarget } from '../../../drivers/emulate/serialScriptTarget';
import { createEmulatedHid } from '../../../drivers/hid/emulatedHidBackend';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';
import { recordDevice } from '../../../drivers/record/recordDevice';
import type { DeviceStatus, ScanEvent } from '../../../drivers/scanEvent';
import { collect, nextEvent, silentLogger, untilCount } from '../../unit/drivers/support/events';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tillid-record-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const framing = { suffix: 'crlf' as const, prefix: 'stx' as const, encoding: 'utf8' as const, byteDelayMs: 1, reopenTimeoutMs: 0 };

describe('tillid record, then replay', () => {
  it('a serial scanner: recorded bytes replay into a till as the same scans', async () => {
    const source = new SerialEmulator({ link: path.join(dir, 'source') });
    await source.plug();
    const out = path.join(dir, 'rec.jsonl');
    const serialAt = (link: string) => DeviceConfigSchema.parse({ type: 'serial', path: path.join(dir, link), suffix: 'crlf', prefix: 'stx' });
    const config = serialAt('source');
    const recording = recordDevice({ config, out, logger: silentLogger, maxScans: 2, maxGapMs: 200 });
    await source.waitForTill(10_000);
    await playScript(parseScript('{"type":"scan","data":"7350053850019","aim":"]E0"}\n{"type":"scan","data":"Åsa 0701234567","delayMs":30}'), serialScriptTarget(source, framing));
    expect(await recording).toMatchObject({ scans: 2 });
    await source.stop();
    expect((await stat(out)).mode & 0o777).toBe(0o600);

    const steps = parseScript(await readFile(out, 'utf8'), out);
    expect(steps[0]).toMatchObject({ type: 'meta', transport: 'serial' });
    expect(steps.slice(1).every((s) => s.type === 'bytes')).toBe(true);

    const replay = new SerialEmulator({ link: path.join(dir, 'replay') });
    await replay.plug();
    const manager = createDeviceManager({ devices: [serialAt('replay')], logger: silentLogger });
    const scans = collect<ScanEvent>(manager, 'scan');
    const online = nextEvent<DeviceStatus>(manager, 'status', (s) => s.state === 'online');
    await manager.start();
    await online;
    try {
      await playScript(steps, serialScriptTarget(replay, framing));
      await untilCount(scans, 2);
      expect(scans.map((s) => [s.label, s.symbology])).toEqual([['7350053850019', 'ean13'], ['Åsa 0701234567', 'unknown']]);
    } finally {
      await manager.stop();
      await replay.stop();
    }
  });

  it('a keyboard-wedge HID scanner: recorded reports replay through the same decoder', async () => {
    const bus = createEmulatedHid();
    const out = path.join(dir, 'wedge.jsonl');
    const config = DeviceConfigSchema.parse({ type: 'emulated-hid', name: 'source', mode: 'wedge', layout: 'de' });
    const recording = recordDevice({ config, out, logger: silentLogger, maxScans: 1, maxGapMs: 200, emulatedHid: bus });
    const source = await (async () => {
      for (let i = 0; i < 200 && !bus.find('emulated-hid:source')?.openHandles; i += 1) await new Promise((r) => setTimeout(r, 10));
      return bus.find('emulated-hid:source')!;
    })();
    await playScript(parseScript('{"type":"scan","data":"Grüße 4006381333931"}'), hidScriptTarget(source, { mode: 'wedge', layout: LAYOUTS.de }, { byteDelayMs: 0 }));
    expect(await recording).toMatchObject({ scans: 1 });

    const steps = parseScript(await readFile(out, 'utf8'), out);
    expect(steps.filter((s) => s.type === 'report').length).toBeGreaterThan(30);

    const replayBus = createEmulatedHid();
    const manager = createDeviceManager({ devices: [DeviceConfigSchema.parse({ type: 'emulated-hid', name: 'replay', mode: 'wedge', layout: 'de' })], logger: silentLogger, emulatedHid: replayBus });
    const scan = nextEvent<ScanEvent>(manager, 'scan');
    const online = nextEvent<DeviceStatus>(manager, 'status', (s) => s.state === 'online');
    await manager.start();
    await online;
    try {
      await playScript(steps, hidScriptTarget(replayBus.find('emulated-hid:replay')!, { mode: 'wedge', layout: LAYOUTS.de }, { byteDelayMs: 0 }));
      expect((await scan).label).toBe('Grüße 4006381333931');
    } finally {
      await manager.stop();
    }
  });
});
