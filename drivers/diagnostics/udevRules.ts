import { SCANNER_VENDORS } from './scannerVendors';

export interface UdevOptions {
  /** Group that may read hidraw scanners. */
  hidGroup: string;
  /** Group that may open serial scanners (Debian/Ubuntu: dialout). */
  serialGroup: string;
  /** Extra vendor ids (hex) to cover, e.g. a scanner of an unlisted maker. */
  extraVendorIds: number[];
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * The udev rules a Linux till needs: read access to scanners' hidraw nodes (HID-POS and wedge over hidraw),
 * access to their serial ports, and ModemManager kept away from them (it probes every new ttyACM and can
 * swallow a scanner's first bytes).
 */
export function udevRules(options: UdevOptions): string {
  const vendors = [
    ...SCANNER_VENDORS.map((v) => ({ id: v.vendorId, name: v.name })),
    ...options.extraVendorIds.map((id) => ({ id, name: 'configured' })),
  ];
  const lines = [
    '# /etc/udev/rules.d/70-tillid-scanners.rules (written by `tillid devices --udev`)',
    '# Install: sudo tee /etc/udev/rules.d/70-tillid-scanners.rules < this-file',
    '#          sudo udevadm control --reload-rules && sudo udevadm trigger',
    `#          sudo usermod -aG ${options.hidGroup},${options.serialGroup} "$USER"   (then log out and in)`,
    '',
  ];
  for (const v of vendors) {
    lines.push(`# ${v.name}`);
    lines.push(`SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${hex(v.id)}", GROUP="${options.hidGroup}", MODE="0660", TAG+="uaccess"`);
    lines.push(`SUBSYSTEM=="tty", ATTRS{idVendor}=="${hex(v.id)}", GROUP="${options.serialGroup}", MODE="0660", TAG+="uaccess"`);
    lines.push(`ATTRS{idVendor}=="${hex(v.id)}", ENV{ID_MM_DEVICE_IGNORE}="1"`);
  }
  return `${lines.join('\n')}\n`;
}
