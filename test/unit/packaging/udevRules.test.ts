import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { udevRules } from '../../../drivers/diagnostics/udevRules';

// The packaged app ships build/udev/70-tillid-scanners.rules; it must be what `tillid devices --udev` prints,
// so a vendor added to the drivers reaches installed tills too. Regenerate: tillid devices --udev > build/udev/…
describe('the shipped udev rules', () => {
  it('equal what tillid devices --udev prints with its defaults', () => {
    const shipped = readFileSync(path.resolve(import.meta.dirname, '../../../build/udev/70-tillid-scanners.rules'), 'utf8');
    expect(shipped).toBe(udevRules({ hidGroup: 'plugdev', serialGroup: 'dialout', extraVendorIds: [] }));
  });

  it('cover the scanner vendors, keep ModemManager away and never grant world access', () => {
    const rules = udevRules({ hidGroup: 'plugdev', serialGroup: 'dialout', extraVendorIds: [0x1234] });
    expect(rules).toMatch(/ID_MM_DEVICE_IGNORE/);
    expect(rules).toMatch(/idVendor}=="1234"/);
    expect(rules).not.toMatch(/MODE="0666"/);
  });
});
