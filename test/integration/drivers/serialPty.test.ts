import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceConfigSchema, type DeviceConfigInput } from '../../../drivers/deviceConfig';
import { createDeviceManager, type DeviceManager } from '../../../drivers/deviceManager';
import { SerialEmulator } from '../../../drivers/emulate/serialEmulator';
import { serialScanBytes } from '../../../drivers/emulate/serialScanBytes';
import type { FrameErrorEvent } from '../../../drivers/device/scannerDevice';
import { createSerialPortAccess } from '../../../drivers/serial/serialAccess';
import type { DeviceStatus, ScanEvent } from '../../../drivers/scanEvent';
import { collect, nextEvent, silentLogger, untilCount } from '../../unit/drivers/support/events';

// A real pseudo-terminal opened by the real serialport binding: the same path a USB-CDC scanner takes.
let dir: string;
let emulator: SerialEmulator | undefined;
let manager: DeviceManager | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tillid-serial-'));
});

afterEach(async () => {
  await manager?.stop();
  await emulator?.stop();
  manager = undefined;
  emulator = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function tillWithScanner(config: Partial<DeviceConfigInput> & Record<string, unknown> = {}, serial = createSerialPortAccess()) {
  emulator = new SerialEmulator({ link: path.join(dir, 'scanner') });
  await emulator.plug();
  manager = createDeviceManager({
    devices: [DeviceConfigSchema.parse({ type: 'serial', path: emulator.path, reconnectMinMs: 50, reconnectMaxMs: 400, ...config })],
    logger: silentLogger,
    serial,
  });
  const online = nextEvent<DeviceStatus>(manager, 'status', (s) => s.state === 'online');
  await manager.start();
  await online;
  return { emulator, manager, scans: collect<ScanEvent>(manager, 'scan'), errors: collect<FrameErrorEvent>(manager, 'frame-error') };
}

const send = (e: SerialEmulator, text: string, byteDelayMs = 0) => e.write(Buffer.from(text, 'latin1'), byteDelayMs);

describe('serial scanner on a real pty', () => {
  it.each([
    ['CR', { suffix: 'cr' }, '7350053850019\r0701234567\r', ['7350053850019', '0701234567']],
    ['CRLF', { suffix: 'crlf' }, '7350053850019\r\n0701234567\r\n', ['7350053850019', '0701234567']],
    ['LF', { suffix: 'lf' }, '7350053850019\n', ['7350053850019']],
    ['TAB', { suffix: 'tab' }, 'ABC\tDEF\t', ['ABC', 'DEF']],
    ['STX … ETX', { suffix: 'etx', prefix: 'stx' }, '\x02ABC\x03\x02DEF\x03', ['ABC', 'DEF']],
    ['no suffix, framed by silence', { suffix: 'none', interByteTimeoutMs: 30 }, '7350053850019', ['7350053850019']],
  ])('framing %s', async (_name, config, wire, labels) => {
    const { emulator: e, scans } = await tillWithScanner(config);
    await send(e, wire);
    await untilCount(scans, labels.length);
    expect(scans.map((s) => s.label)).toEqual(labels);
    expect(scans.every((s) => s.transport === 'serial' && s.deviceId === `serial:${path.join(dir, 'scanner')}`)).toBe(true);
  });

  it.each([
    [']Q1TID1.eyJraWQiOiJrMSJ9.c2ln', 'qr', 'TID1.eyJraWQiOiJrMSJ9.c2ln'],
    [']E07350053850019', 'ean13', '7350053850019'],
    [']E473513537', 'ean8', '73513537'],
    [']C0ABC-123', 'code128', 'ABC-123'],
    [']d2010735005385001917250101', 'datamatrix', '010735005385001917250101'],
  ])('AIM %s → %s', async (wire, symbology, label) => {
    const { emulator: e, scans } = await tillWithScanner();
    await send(e, `${wire}\r`);
    const [scan] = await untilCount(scans, 1);
    expect(scan).toMatchObject({ label, symbology, symbologyGuessed: false, aimId: wire.slice(0, 3) });
    expect(Buffer.from(scan!.raw, 'base64').toString('latin1')).toBe(`${wire}\r`);
  });

  it('typed slowly, byte by byte, a scan is still one frame and its transmit time is measured', async () => {
    const { emulator: e, scans } = await tillWithScanner();
    await send(e, '73500538\r', 3);
    const [scan] = await untilCount(scans, 1);
    expect(scan?.label).toBe('73500538');
    expect(scan!.transmitMs).toBeGreaterThan(0);
  });

  it('garbage and an oversize frame are errors; the scans around them arrive whole', async () => {
    const { emulator: e, scans, errors } = await tillWithScanner({ prefix: 'stx', maxFrameLength: 64 });
    await e.write(serialScanBytes('before', { suffix: 'cr', prefix: 'stx', encoding: 'utf8' }));
    await e.write(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    await e.write(serialScanBytes('x'.repeat(500), { suffix: 'cr', prefix: 'stx', encoding: 'utf8' }));
    await e.write(serialScanBytes('after', { suffix: 'cr', prefix: 'stx', encoding: 'utf8' }));
    await untilCount(scans, 2);
    expect(scans.map((s) => s.label)).toEqual(['before', 'after']);
    expect(errors.map((x) => x.code)).toEqual(['oversize']);
    expect(manager!.list()[0]?.state).toBe('online');
  });

  it('invalid UTF-8 costs a character, never the device', async () => {
    const { emulator: e, scans } = await tillWithScanner();
    await e.write(Buffer.from([0x41, 0xc3, 0x28, 0x42, 0x0d]));
    const [scan] = await untilCount(scans, 1);
    expect(scan?.label).toBe('A\uFFFD(B');
  });

  it('latin1 scanners', async () => {
    const { emulator: e, scans } = await tillWithScanner({ encoding: 'latin1' });
    await e.write(Buffer.from('Åsa\r', 'latin1'));
    expect((await untilCount(scans, 1))[0]?.label).toBe('Åsa');
  });

  it('unplug (pty closed): offline at once; replug (new pty at the same link): online, and scans arrive', async () => {
    const { emulator: e, manager: m, scans } = await tillWithScanner();
    await send(e, '1111\r');
    await untilCount(scans, 1);

    const offline = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'offline');
    await e.unplug();
    const down = await offline;
    expect(down.error).toMatchObject({ message: 'unplugged', next: expect.stringMatching(/^reopening at .* in \d+ ms$/) as string });

    const online = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'online');
    await e.plug();
    await online;
    expect(e.devicePath).toBeDefined();
    await send(e, '2222\r');
    await untilCount(scans, 2);
    expect(scans.map((s) => s.label)).toEqual(['1111', '2222']);
  });

  it('several unplug/replug cycles in a row: the device comes back every time', async () => {
    const { emulator: e, manager: m, scans } = await tillWithScanner();
    for (let cycle = 0; cycle < 3; cycle += 1) {
      const offline = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'offline');
      await e.unplug();
      await offline;
      const online = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'online');
      await e.plug();
      await online;
      await send(e, `cycle-${cycle}\r`);
      await untilCount(scans, cycle + 1);
    }
    expect(scans.map((s) => s.label)).toEqual(['cycle-0', 'cycle-1', 'cycle-2']);
  });

  it('opens by USB identity, and reopens by identity after a replug', async () => {
    const link = path.join(dir, 'scanner');
    const real = createSerialPortAccess();
    // A pty has no USB descriptor: list it as the scanner would be listed.
    const serial = { ...real, list: async () => [{ path: link, vendorId: '0c2e', productId: '0b61', serialNumber: '17011B4A2B' }, { path: '/dev/ttyS0' }] };
    const { emulator: e, manager: m, scans } = await tillWithScanner({ path: undefined, vendorId: '0c2e', productId: '0b61', serialNumber: '17011B4A2B' }, serial);
    expect(m.list()[0]?.description).toContain('0c2e:0b61');
    const offline = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'offline');
    await e.unplug();
    expect((await offline).error?.next).toMatch(/by identity USB 0c2e:0b61/);
    const online = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'online');
    await e.plug();
    await online;
    await send(e, 'by identity\r');
    expect((await untilCount(scans, 1))[0]?.label).toBe('by identity');
  });

  it('a port that does not exist is offline with what happens next, and comes online when it appears', async () => {
    const link = path.join(dir, 'later');
    manager = createDeviceManager({ devices: [DeviceConfigSchema.parse({ type: 'serial', path: link, reconnectMinMs: 50, reconnectMaxMs: 200 })], logger: silentLogger });
    const offline = nextEvent<DeviceStatus>(manager, 'status', (s) => s.state === 'offline');
    await manager.start();
    expect((await offline).error).toMatchObject({ where: `open ${link}`, message: 'not connected' });
    emulator = new SerialEmulator({ link });
    const online = nextEvent<DeviceStatus>(manager, 'status', (s) => s.state === 'online');
    await emulator.plug();
    await online;
  });
});

describe('emulated-serial devices', () => {
  it('play a script with framing, AIM, garbage, unplug and replug through a real pty', async () => {
    const script = path.join(dir, 'morning.jsonl');
    await writeFile(
      script,
      [
        '{"type":"scan","data":"7350053850019","aim":"]E0"}',
        '{"type":"garbage","hex":"ff0d"}',
        '{"type":"scan","data":"0701234567","byteDelayMs":1}',
        '{"type":"unplug","delayMs":20}',
        '{"type":"replug","delayMs":50}',
        '{"type":"wait","ms":600}',
        '{"type":"scan","data":"after replug"}',
      ].join('\n'),
    );
    manager = createDeviceManager({
      devices: [DeviceConfigSchema.parse({ type: 'emulated-serial', name: 'demo', script, link: path.join(dir, 'demo'), reconnectMinMs: 50, reconnectMaxMs: 200 })],
      logger: silentLogger,
    });
    const scans = collect<ScanEvent>(manager, 'scan');
    const states = collect<DeviceStatus>(manager, 'status');
    await manager.start();
    await untilCount(scans, 4, 20_000);
    expect(scans.map((s) => [s.transport, s.label])).toEqual([
      ['emulated-serial', '7350053850019'],
      ['emulated-serial', '\uFFFD'],
      ['emulated-serial', '0701234567'],
      ['emulated-serial', 'after replug'],
    ]);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['online', 'offline', 'online']));
  });
});
