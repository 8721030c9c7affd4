import { describe, expect, it } from 'vitest';
import { DeviceConfigError, DeviceConfigSchema, defaultDeviceId } from '../../../drivers/deviceConfig';
import { parseScannerSpec } from '../../../drivers/scannerSpec';

describe('--scanner specs', () => {
  it.each([
    ['serial:/dev/ttyACM0', { type: 'serial', path: '/dev/ttyACM0', baudRate: 9600, suffix: 'cr', prefix: 'none', encoding: 'utf8', maxFrameLength: 4096 }],
    ['serial:/dev/ttyUSB0?baud=115200&suffix=crlf&prefix=stx&encoding=latin1', { type: 'serial', path: '/dev/ttyUSB0', baudRate: 115200, suffix: 'crlf', prefix: 'stx', encoding: 'latin1' }],
    ['serial:COM3?suffix=none&timeout=30', { type: 'serial', path: 'COM3', suffix: 'none', interByteTimeoutMs: 30 }],
    ['serial:0c2e:0b61', { type: 'serial', vendorId: 0x0c2e, productId: 0x0b61 }],
    ['serial:0c2e:0b61:17011B4A2B?parity=even&databits=7', { type: 'serial', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: '17011B4A2B', parity: 'even', dataBits: 7 }],
    ['hid:0c2e:0b61', { type: 'hid-pos', vendorId: 0x0c2e, productId: 0x0b61 }],
    ['hid:05e0:1200?mode=wedge&layout=sv', { type: 'hid-wedge', vendorId: 0x05e0, productId: 0x1200, layout: 'sv', wedgeSuffix: 'enter-or-tab' }],
    ['hid-wedge:1eab:0d10?layout=fr&suffix=tab', { type: 'hid-wedge', layout: 'fr', wedgeSuffix: 'tab' }],
    ['hid-pos:/dev/hidraw3?format=newland', { type: 'hid-pos', path: '/dev/hidraw3', reportFormat: 'newland' }],
    ['emulated-serial:demo?scan=7350053850019&scan=0701234567', { type: 'emulated-serial', name: 'demo', scans: ['7350053850019', '0701234567'] }],
    ['emulated-serial:', { type: 'emulated-serial', name: 'emulated', scans: [] }],
    ['emulated-hid:kiosk?mode=wedge&layout=de&script=/tmp/s.jsonl', { type: 'emulated-hid', name: 'kiosk', mode: 'wedge', layout: 'de', script: '/tmp/s.jsonl' }],
  ])('%s', (spec, expected) => {
    expect(parseScannerSpec(spec)).toMatchObject(expected);
  });

  it.each([
    ['serial:/dev/ttyACM0?baud=fast', /baudRate: .*number/],
    ['serial:/dev/ttyACM0?suffix=semicolon', /suffix: /],
    ['serial:/dev/ttyACM0?bogus=1', /bogus/],
    ['serial:', /path: give a path, or both vendorId and productId/],
    ['hid:0c2e:0b61?mode=keyboard', /mode: expected pos or wedge/],
    ['hid:0c2e:0b61?mode=wedge&layout=klingon', /layout: /],
    ['scanner:/dev/x', /kind: unknown scanner kind "scanner"/],
    ['serial:/dev/ttyACM0?max=0', /maxFrameLength: /],
  ])('%s is refused, naming the field', (spec, message) => {
    expect(() => parseScannerSpec(spec)).toThrow(DeviceConfigError);
    expect(() => parseScannerSpec(spec)).toThrow(message);
  });
});

describe('device configuration (config file)', () => {
  it('accepts USB ids as numbers or hex strings', () => {
    const a = DeviceConfigSchema.parse({ type: 'hid-pos', vendorId: 3118, productId: '0x0b61' });
    expect(a).toMatchObject({ vendorId: 0x0c2e, productId: 0x0b61 });
  });

  it('refuses a misspelt field instead of ignoring it', () => {
    const result = DeviceConfigSchema.safeParse({ type: 'serial', path: '/dev/ttyACM0', baud: 9600 });
    expect(result.success).toBe(false);
  });

  it.each([
    [{ type: 'serial', path: '/dev/ttyACM0' }, 'serial:/dev/ttyACM0'],
    [{ type: 'serial', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'X1' }, 'serial:0c2e:0b61:X1'],
    [{ type: 'hid-wedge', vendorId: 0x05e0, productId: 0x1200 }, 'hid-wedge:05e0:1200'],
    [{ type: 'emulated-hid', name: 'kiosk' }, 'emulated-hid:kiosk'],
    [{ type: 'serial', id: 'front-scanner', path: '/dev/ttyACM0' }, 'front-scanner'],
  ])('device id of %j is %s', (input, id) => {
    expect(defaultDeviceId(DeviceConfigSchema.parse(input))).toBe(id);
  });
});
