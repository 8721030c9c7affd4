import type { HidBackend } from '../hid/hidBackend';
import type { SerialAccess } from '../serial/serialAccess';
import { describeHidDevice, describeSerialPort, type DescribedDevice } from './describeDevices';

export interface DeviceListing {
  devices: DescribedDevice[];
  /** Transports that could not be listed, and why (node-hid missing, no permission…). */
  problems: Array<{ transport: 'serial' | 'hid'; message: string }>;
}

/** Everything `tillid devices` shows. One transport failing does not hide the other. */
export async function listDevices(access: { serial: SerialAccess; hid: HidBackend }): Promise<DeviceListing> {
  const problems: DeviceListing['problems'] = [];
  const [serial, hid] = await Promise.all([
    access.serial.list().catch((error: unknown) => {
      problems.push({ transport: 'serial', message: error instanceof Error ? error.message : String(error) });
      return [];
    }),
    access.hid.devices().catch((error: unknown) => {
      problems.push({ transport: 'hid', message: error instanceof Error ? error.message : String(error) });
      return [];
    }),
  ]);
  return { devices: [...serial.map(describeSerialPort), ...hid.map(describeHidDevice)], problems };
}
