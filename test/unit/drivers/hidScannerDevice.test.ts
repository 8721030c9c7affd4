import type { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceConfigSchema, type DeviceConfigInput } from '../../../drivers/deviceConfig';
import { createDeviceManager, type DeviceManager } from '../../../drivers/deviceManager';
import { hidReportsForScan } from '../../../drivers/emulate/hidScriptTarget';
import { keyboardHint } from '../../../drivers/createScannerDevice';
import { createEmulatedHid, type EmulatedHid } from '../../../drivers/hid/emulatedHidBackend';
import type { HidBackend } from '../../../drivers/hid/hidBackend';
import { HidScannerDevice } from '../../../drivers/hid/hidScannerDevice';
import { HidPosDecoder } from '../../../drivers/hid/pos/hidPosDecoder';
import { HID_POS_REPORT_FORMATS } from '../../../drivers/hid/pos/hidPosReportFormat';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';
import type { DeviceStatus, ScanEvent } from '../../../drivers/scanEvent';
import { collect, nextEvent, silentLogger, untilCount } from './support/events';

const HONEYWELL = { vendorId: 0x0c2e, productId: 0x0b61, serialNumber: '17011B4A2B' };

let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

function start(bus: EmulatedHid, ...devices: DeviceConfigInput[]): DeviceManager {
  manager = createDeviceManager({ devices: devices.map((d) => DeviceConfigSchema.parse(d)), logger: silentLogger, hid: bus.backend, emulatedHid: bus });
  return manager;
}

const online = (m: EventEmitter, deviceId?: string) => nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'online' && (!deviceId || s.deviceId === deviceId));
const posScan = (data: string, aim?: string) => hidReportsForScan({ type: 'scan', data, repeat: 1, delayMs: 0, ...(aim ? { aim } : {}) }, { mode: 'pos', format: HID_POS_REPORT_FORMATS.standard });

describe('HID scanner over the emulated backend', () => {
  it('HID-POS: opens the scanner interface, delivers scans with AIM symbology', async () => {
    const bus = createEmulatedHid();
    bus.addDevice({ ...HONEYWELL, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06 }); // its keyboard interface
    const pos = bus.addDevice({ ...HONEYWELL, path: '/dev/hidraw1', usagePage: 0x8c, usage: 0x02 });
    const m = start(bus, { type: 'hid-pos', vendorId: '0c2e', productId: '0b61', pollMs: 100 });
    const up = online(m);
    await m.start();
    expect((await up).description).toContain('/dev/hidraw1');
    const scan = nextEvent<ScanEvent>(m, 'scan');
    for (const r of posScan('7350053850019', ']E0')) pos.sendReport(r);
    expect(await scan).toMatchObject({ deviceId: 'hid-pos:0c2e:0b61', transport: 'hid-pos', label: '7350053850019', symbology: 'ean13', aimId: ']E0', symbologyGuessed: false });
  });

  it('unplug: offline with where and what next; replug: found by identity, scans arrive again', async () => {
    const bus = createEmulatedHid();
    const pos = bus.addDevice({ ...HONEYWELL, path: '/dev/hidraw1', usagePage: 0x8c });
    const m = start(bus, { type: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: '17011B4A2B', pollMs: 100 });
    const statuses = collect<DeviceStatus>(m, 'status');
    const scans = collect<ScanEvent>(m, 'scan');
    const up = online(m);
    await m.start();
    await up;

    const offline = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'offline');
    pos.unplug();
    const down = await offline;
    expect(down.error).toMatchObject({ message: 'unplugged', where: expect.stringContaining('0c2e:0b61') as string, next: expect.stringMatching(/looking for 0c2e:0b61 .* again in \d+ ms/) as string });
    expect(m.list()[0]?.state).toBe('offline');

    const back = online(m);
    pos.replug();
    await back;
    for (const r of posScan('after replug')) pos.sendReport(r);
    await untilCount(scans, 1);
    expect(scans.map((s) => s.label)).toEqual(['after replug']);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['connecting', 'online', 'offline', 'online']));
  });

  it('a device that is not there yet is offline, then found when plugged in', async () => {
    const bus = createEmulatedHid();
    const m = start(bus, { type: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61, pollMs: 100 });
    const missing = nextEvent<DeviceStatus>(m, 'status', (s) => s.state === 'offline');
    await m.start();
    expect((await missing).error?.message).toBe('not connected');
    const up = online(m);
    bus.addDevice({ ...HONEYWELL, usagePage: 0x8c });
    await up;
  });

  it('sends the enable feature report at every open', async () => {
    const bus = createEmulatedHid();
    const pos = bus.addDevice({ ...HONEYWELL, usagePage: 0x8c });
    const m = start(bus, { type: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61, enableReport: '0401', pollMs: 100 });
    let up = online(m);
    await m.start();
    await up;
    up = online(m);
    pos.unplug();
    pos.replug();
    await up;
    expect(pos.featureReports.map((r) => Array.from(r))).toEqual([[4, 1], [4, 1]]);
  });

  it('hostile reports are frame errors; the device stays online and the next scan is whole', async () => {
    const bus = createEmulatedHid();
    const pos = bus.addDevice({ ...HONEYWELL, usagePage: 0x8c });
    const m = start(bus, { type: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61 });
    const up = online(m);
    await m.start();
    await up;
    const errors = collect(m, 'frame-error');
    const scan = nextEvent<ScanEvent>(m, 'scan');
    pos.sendReport(Uint8Array.of(0x02, 250, 1, 2, 3));
    pos.sendReport(new Uint8Array(0));
    for (const r of posScan('ok')) pos.sendReport(r);
    expect((await scan).label).toBe('ok');
    expect(errors).toHaveLength(2);
    expect(m.list()[0]?.state).toBe('online');
  });

  it('keyboard wedge with a Swedish layout', async () => {
    const bus = createEmulatedHid();
    const wedge = bus.addDevice({ vendorId: 0x05e0, productId: 0x1200, usagePage: 0x01, usage: 0x06 });
    const m = start(bus, { type: 'hid-wedge', vendorId: 0x05e0, productId: 0x1200, layout: 'sv' });
    const up = online(m);
    await m.start();
    await up;
    const scan = nextEvent<ScanEvent>(m, 'scan');
    for (const r of hidReportsForScan({ type: 'scan', data: 'Åsa Öst 0701234567 @€', repeat: 1, delayMs: 0 }, { mode: 'wedge', layout: LAYOUTS.sv })) wedge.sendReport(r);
    expect(await scan).toMatchObject({ transport: 'hid-wedge', label: 'Åsa Öst 0701234567 @€', symbologyGuessed: true });
  });
});

describe('HID open failures', () => {
  it('are an error status saying where, why and what next, with the platform hint for keyboards', async () => {
    const backend: HidBackend = {
      kind: 'emulated',
      devices: async () => [{ path: '\\\\?\\hid#vid_05e0', vendorId: 0x05e0, productId: 0x1200, usagePage: 1, usage: 6 }],
      open: async () => {
        throw new Error('access denied');
      },
    };
    const device = new HidScannerDevice(
      {
        criteria: { vendorId: 0x05e0, productId: 0x1200, role: 'wedge' },
        createDecoder: () => new HidPosDecoder({ format: HID_POS_REPORT_FORMATS.standard, maxFrameLength: 64, encoding: 'utf8' }),
        silenceMs: 500,
        pollMs: 1000,
        openFailureHint: keyboardHint('win32'),
      },
      { id: 'w', transport: 'hid-wedge', logger: silentLogger, now: Date.now, hid: backend },
    );
    const failed = nextEvent<DeviceStatus>(device, 'status', (s) => s.state === 'error');
    device.start();
    const status = await failed;
    await device.stop();
    expect(status.error).toMatchObject({ message: 'access denied', where: expect.stringContaining('05e0:1200') as string });
    expect(status.error?.next).toMatch(/again in \d+ ms; this system does not let applications read a HID keyboard/);
  });

  it.each([['win32', true], ['darwin', true], ['linux', false]] as const)('keyboard hint on %s: %s', (platform, hinted) => {
    expect(keyboardHint(platform) !== undefined).toBe(hinted);
  });
});

describe('device manager', () => {
  it('emulated-hid devices play their scans once online, and list() reports every device', async () => {
    const bus = createEmulatedHid();
    const m = start(
      bus,
      { type: 'emulated-hid', name: 'pos', mode: 'pos', scans: ['7350053850019', '4006381333931'] },
      { type: 'emulated-hid', name: 'wedge', mode: 'wedge', layout: 'fr', scans: ['0013748911'] },
    );
    const scans = collect<ScanEvent>(m, 'scan');
    await m.start();
    await untilCount(scans, 3);
    expect(scans.map((s) => `${s.deviceId} ${s.label}`).sort()).toEqual([
      'emulated-hid:pos 4006381333931',
      'emulated-hid:pos 7350053850019',
      'emulated-hid:wedge 0013748911',
    ]);
    expect(m.list().map((s) => [s.deviceId, s.transport, s.state])).toEqual([
      ['emulated-hid:pos', 'emulated-hid', 'online'],
      ['emulated-hid:wedge', 'emulated-hid', 'online'],
    ]);
  });

  it('two devices with the same identity get distinct ids', () => {
    const bus = createEmulatedHid();
    const m = start(bus, { type: 'hid-pos', vendorId: 1, productId: 2 }, { type: 'hid-pos', vendorId: 1, productId: 2 });
    expect(m.list().map((s) => s.deviceId)).toEqual(['hid-pos:0001:0002', 'hid-pos:0001:0002#2']);
  });

  it('stop() leaves every device offline and stops looking', async () => {
    const bus = createEmulatedHid();
    const m = start(bus, { type: 'hid-pos', vendorId: 1, productId: 2, pollMs: 100 });
    await m.start();
    await m.stop();
    expect(m.list()[0]).toMatchObject({ state: 'offline', error: { message: 'stopped' } });
  });
});
