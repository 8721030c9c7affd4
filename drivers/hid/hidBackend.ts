/** A HID device as listed (node-hid's `devices()` shape, narrowed to what we use). */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
  interface?: number;
}

/** An open HID device. `error` means it is gone (unplugged) or unreadable; the handle is then dead. */
export interface HidHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  sendFeatureReport(report: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** How devices reach HID: node-hid for real hardware, an emulated backend for tests and integrators. */
export interface HidBackend {
  readonly kind: 'node-hid' | 'emulated';
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

/** HID usage pages and usages we look for. */
export const HID_USAGE = {
  barCodeScannerPage: 0x8c,
  genericDesktopPage: 0x01,
  keyboardUsage: 0x06,
} as const;
