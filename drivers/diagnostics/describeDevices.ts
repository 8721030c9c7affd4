import { HID_USAGE, type HidDeviceInfo } from '../hid/hidBackend';
import type { SerialPortInfo } from '../serial/serialAccess';
import { scannerVendor } from './scannerVendors';

export type DeviceGuess = 'hid-pos-scanner' | 'wedge-scanner' | 'keyboard' | 'scanner-other-interface' | 'serial-scanner' | 'usb-serial' | 'serial-port' | 'other-hid';

/** One line of `tillid devices`: what a device is, our guess of its role, and how to configure it. */
export interface DescribedDevice {
  kind: 'serial' | 'hid';
  path: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  name: string;
  guess: DeviceGuess;
  explanation: string;
  /** A --scanner spec that would use it, when it looks like a scanner. */
  spec?: string;
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');

export function describeHidDevice(d: HidDeviceInfo): DescribedDevice {
  const vendor = scannerVendor(d.vendorId);
  const base = {
    kind: 'hid' as const,
    path: d.path,
    vendorId: d.vendorId,
    productId: d.productId,
    ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
    name: [d.manufacturer, d.product].filter(Boolean).join(' ') || 'HID device',
  };
  const id = `${hex(d.vendorId)}:${hex(d.productId)}`;
  if (d.usagePage === HID_USAGE.barCodeScannerPage)
    return { ...base, guess: 'hid-pos-scanner', explanation: 'usage page 0x8C (Bar Code Scanner): HID-POS', spec: `hid:${id}` };
  const isKeyboard = d.usagePage === HID_USAGE.genericDesktopPage && d.usage === HID_USAGE.keyboardUsage;
  if (isKeyboard && vendor)
    return { ...base, guess: 'wedge-scanner', explanation: `keyboard interface of a ${vendor} device: keyboard-wedge scanner`, spec: `hid:${id}?mode=wedge&layout=us` };
  if (isKeyboard) return { ...base, guess: 'keyboard', explanation: 'keyboard (or a wedge scanner of an unlisted vendor)' };
  if (vendor) return { ...base, guess: 'scanner-other-interface', explanation: `${vendor} device, vendor or other interface` };
  return { ...base, guess: 'other-hid', explanation: 'other HID device' };
}

export function describeSerialPort(p: SerialPortInfo): DescribedDevice {
  const vendorId = p.vendorId ? Number.parseInt(p.vendorId, 16) : undefined;
  const productId = p.productId ? Number.parseInt(p.productId, 16) : undefined;
  const vendor = scannerVendor(vendorId);
  const base = {
    kind: 'serial' as const,
    path: p.path,
    ...(vendorId !== undefined ? { vendorId } : {}),
    ...(productId !== undefined ? { productId } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    name: p.manufacturer ?? 'serial port',
  };
  if (vendor && vendorId !== undefined && productId !== undefined)
    return {
      ...base,
      guess: 'serial-scanner',
      explanation: `${vendor} USB serial (CDC): serial scanner`,
      spec: `serial:${hex(vendorId)}:${hex(productId)}${p.serialNumber ? `:${p.serialNumber}` : ''}`,
    };
  if (vendorId !== undefined) return { ...base, guess: 'usb-serial', explanation: 'USB serial device (could be a scanner of an unlisted vendor)', spec: `serial:${p.path}` };
  return { ...base, guess: 'serial-port', explanation: 'serial port (RS-232 or built in)', spec: `serial:${p.path}` };
}
