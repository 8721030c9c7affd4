import type { Command } from 'commander';
import { listDevices } from '../../../drivers/diagnostics/listDevices';
import { udevRules } from '../../../drivers/diagnostics/udevRules';
import { createNodeHidBackend } from '../../../drivers/hid/nodeHidBackend';
import { createSerialPortAccess } from '../../../drivers/serial/serialAccess';

interface DevicesOptions {
  json?: boolean;
  udev?: boolean;
  hidGroup: string;
  serialGroup: string;
  vendor: string[];
}

const hex = (n: number | undefined): string => (n === undefined ? '----' : n.toString(16).padStart(4, '0'));

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerDevicesCommand(program: Command): void {
  program
    .command('devices')
    .description('list serial ports and HID devices with their USB ids and a guess of which are scanners')
    .option('--json', 'print JSON instead of a table')
    .option('--udev', 'print the udev rules a Linux till needs (hidraw and tty access, ModemManager ignore)')
    .option('--hid-group <group>', 'group given access to hidraw scanners (with --udev)', 'plugdev')
    .option('--serial-group <group>', 'group given access to serial scanners (with --udev)', 'dialout')
    .option('--vendor <vid>', 'also cover this USB vendor id, in hex (with --udev; repeatable)', collect, [])
    .action(async (options: DevicesOptions) => {
      if (options.udev) {
        const extra = options.vendor.map((v) => {
          if (!/^(0x)?[0-9a-f]{1,4}$/i.test(v)) throw new Error(`--vendor ${v}: expected a USB vendor id in hex, such as 0c2e`);
          return Number.parseInt(v.replace(/^0x/i, ''), 16);
        });
        process.stdout.write(udevRules({ hidGroup: options.hidGroup, serialGroup: options.serialGroup, extraVendorIds: extra }));
        return;
      }
      const listing = await listDevices({ serial: createSerialPortAccess(), hid: createNodeHidBackend() });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
        return;
      }
      const rows = listing.devices.map((d) => `${d.kind.padEnd(6)} ${hex(d.vendorId)}:${hex(d.productId)}  ${d.path.padEnd(28)} ${d.name.slice(0, 32).padEnd(32)} ${d.explanation}${d.spec ? `\n${' '.repeat(17)}--scanner ${d.spec}` : ''}`);
      process.stdout.write(rows.length > 0 ? `${rows.join('\n')}\n` : 'No serial ports or HID devices found.\n');
      for (const p of listing.problems) process.stderr.write(`Could not list ${p.transport} devices: ${p.message}\n`);
      if (listing.problems.some((p) => p.transport === 'hid')) process.stderr.write('See docs/hardware.md (HID access on Linux needs udev rules: tillid devices --udev).\n');
    });
}
