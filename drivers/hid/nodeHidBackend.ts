import type * as NodeHidModule from 'node-hid';
import type { HidBackend, HidDeviceInfo, HidHandle } from './hidBackend';

type NodeHid = typeof NodeHidModule;

let loaded: Promise<NodeHid> | undefined;

/** node-hid is native: load it on first use, so a till with only serial scanners never needs it to load. */
function loadNodeHid(): Promise<NodeHid> {
  loaded ??= import('node-hid').then((m) => ((m as { default?: NodeHid }).default ?? m) as NodeHid);
  return loaded;
}

/** The real backend (hidraw on Linux, IOHIDManager on macOS, the HID class driver on Windows). */
export function createNodeHidBackend(): HidBackend {
  return {
    kind: 'node-hid',
    async devices(): Promise<HidDeviceInfo[]> {
      const hid = await loadNodeHid();
      const list = await hid.devicesAsync();
      return list.flatMap((d) => {
        if (!d.path) return [];
        const info: HidDeviceInfo = { path: d.path, vendorId: d.vendorId, productId: d.productId, interface: d.interface };
        if (d.serialNumber) info.serialNumber = d.serialNumber;
        if (d.manufacturer) info.manufacturer = d.manufacturer;
        if (d.product) info.product = d.product;
        if (d.usagePage !== undefined) info.usagePage = d.usagePage;
        if (d.usage !== undefined) info.usage = d.usage;
        return [info];
      });
    },
    async open(path: string): Promise<HidHandle> {
      const hid = await loadNodeHid();
      const device = await hid.HIDAsync.open(path);
      return {
        on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: Error) => void)): void {
          device.on(event, listener as (arg: unknown) => void);
        },
        sendFeatureReport: (report) => device.sendFeatureReport(Buffer.from(report)),
        close: () => device.close(),
      } as HidHandle;
    },
  };
}
