import type { Logger } from 'pino';
import type { DeviceConfig } from './deviceConfig';
import { EmulatedHidScanner } from './emulate/emulatedHidScanner';
import { EmulatedSerialScanner } from './emulate/emulatedSerialScanner';
import type { EmulatedHid } from './hid/emulatedHidBackend';
import type { HidBackend } from './hid/hidBackend';
import { enableReportFor, hidDecoderFactory, hidRole } from './hid/hidDecoderForConfig';
import { HidScannerDevice } from './hid/hidScannerDevice';
import type { SerialAccess } from './serial/serialAccess';
import { serialFramingSettings } from './serial/serialFramingSettings';
import { SerialScannerDevice } from './serial/serialScannerDevice';
import type { ScannerDevice } from './device/scannerDevice';

export interface DeviceDeps {
  logger: Logger;
  now: () => number;
  serial: SerialAccess;
  hid: () => HidBackend;
  emulatedHid: EmulatedHid;
}

/** Windows and macOS keep HID keyboards to themselves: say what to do instead (docs/hardware.md). */
export function keyboardHint(platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32' && platform !== 'darwin') return undefined;
  return '; this system does not let applications read a HID keyboard: switch the scanner to USB serial or HID-POS, or use the window wedge (docs/hardware.md)';
}

/** The driver for one configured device. */
export function createScannerDevice(id: string, config: DeviceConfig, deps: DeviceDeps): ScannerDevice {
  const logger = deps.logger;
  switch (config.type) {
    case 'serial':
      return new SerialScannerDevice(
        {
          path: config.path,
          vendorId: config.vendorId,
          productId: config.productId,
          serialNumber: config.serialNumber,
          line: { baudRate: config.baudRate, dataBits: config.dataBits, parity: config.parity, stopBits: config.stopBits },
          ...serialFramingSettings(config),
        },
        { id, transport: 'serial', logger, now: deps.now, serial: deps.serial },
      );
    case 'hid-pos':
    case 'hid-wedge':
      return new HidScannerDevice(
        {
          criteria: { path: config.path, vendorId: config.vendorId, productId: config.productId, serialNumber: config.serialNumber, role: hidRole(config) },
          createDecoder: hidDecoderFactory(config),
          enableReport: enableReportFor(config),
          silenceMs: config.interKeyTimeoutMs,
          pollMs: config.pollMs,
          openFailureHint: config.type === 'hid-wedge' ? keyboardHint(process.platform) : undefined,
        },
        { id, transport: config.type, logger, now: deps.now, hid: deps.hid() },
      );
    case 'emulated-serial':
      return new EmulatedSerialScanner(config, { id, logger, now: deps.now, serial: deps.serial });
    case 'emulated-hid':
      return new EmulatedHidScanner(config, { id, logger, now: deps.now, bus: deps.emulatedHid });
  }
}
