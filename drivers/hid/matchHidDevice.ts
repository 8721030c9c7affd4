import { HID_USAGE, type HidDeviceInfo } from './hidBackend';

export interface HidCriteria {
  path?: string | undefined;
  vendorId?: number | undefined;
  productId?: number | undefined;
  serialNumber?: string | undefined;
  /** Which interface of a composite scanner we want. */
  role: 'pos' | 'wedge';
}

function roleScore(info: HidDeviceInfo, role: 'pos' | 'wedge'): number {
  if (info.usagePage === undefined) return 1;
  if (role === 'pos') return info.usagePage === HID_USAGE.barCodeScannerPage ? 2 : 0;
  return info.usagePage === HID_USAGE.genericDesktopPage && info.usage === HID_USAGE.keyboardUsage ? 2 : 0;
}

/**
 * The listed device a configuration means. A scanner often shows several interfaces (keyboard, HID-POS,
 * vendor); where the platform reports usages we pick the interface for the role, else the first match.
 */
export function matchHidDevice(devices: readonly HidDeviceInfo[], criteria: HidCriteria): HidDeviceInfo | undefined {
  const candidates = devices.filter(
    (d) =>
      (criteria.path === undefined || d.path === criteria.path) &&
      (criteria.vendorId === undefined || d.vendorId === criteria.vendorId) &&
      (criteria.productId === undefined || d.productId === criteria.productId) &&
      (criteria.serialNumber === undefined || d.serialNumber === criteria.serialNumber),
  );
  let best: HidDeviceInfo | undefined;
  let bestScore = 0;
  for (const d of candidates) {
    const score = criteria.path !== undefined ? 2 : roleScore(d, criteria.role);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}
