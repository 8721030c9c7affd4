import path from 'node:path';
import { EmulatedSerialDeviceConfigSchema, type DeviceConfig } from '../../drivers/deviceConfig';
import type { DeviceManager } from '../../drivers/deviceManager';
import { EmulatedSerialScanner } from '../../drivers/emulate/emulatedSerialScanner';
import { serialScanBytes } from '../../drivers/emulate/serialScanBytes';
import { defaultDeviceId } from '../../drivers/deviceConfig';

/** The demo's scanner: a real pseudo-terminal opened through the serial driver, exactly like a physical one. */
export function demoScannerConfig(dataDir: string): DeviceConfig {
  return EmulatedSerialDeviceConfigSchema.parse({ type: 'emulated-serial', name: 'demo', link: path.join(dataDir, 'demo-scanner.pty') });
}

/** Sends one label through the demo scanner's pty, framed as the scanner is configured. */
export async function scanWithDemoScanner(devices: DeviceManager, config: DeviceConfig, label: string): Promise<void> {
  const device = devices.device(defaultDeviceId(config));
  if (!(device instanceof EmulatedSerialScanner) || config.type !== 'emulated-serial') throw new Error('the demo scanner is not running');
  await device.emulator.write(serialScanBytes(label, { suffix: config.suffix, prefix: config.prefix, encoding: config.encoding }));
}

/** Resolves once the device is online (a scan written before the port is open is lost, as with a real scanner). */
export function waitUntilOnline(devices: DeviceManager, config: DeviceConfig, timeoutMs: number): Promise<boolean> {
  const id = defaultDeviceId(config);
  if (devices.list().some((s) => s.deviceId === id && s.state === 'online')) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onStatus = (status: { deviceId: string; state: string }): void => {
      if (status.deviceId === id && status.state === 'online') finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(online: boolean): void {
      clearTimeout(timer);
      devices.off('status', onStatus);
      resolve(online);
    }
    devices.on('status', onStatus);
  });
}
