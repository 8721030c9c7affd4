import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDevicesCommand } from '../../../main/cli/commands/devices';
import { registerEmulateCommand } from '../../../main/cli/commands/emulate';
import { registerRecordCommand } from '../../../main/cli/commands/record';

function program(): Command {
  const p = new Command().name('tillid').exitOverride();
  registerDevicesCommand(p);
  registerEmulateCommand(p);
  registerRecordCommand(p);
  return p;
}

async function run(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program().parseAsync(['node', 'tillid', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('tillid emulate hid', () => {
  it('prints the scan a till decodes from a Swedish wedge scanner', async () => {
    const lines = (await run('emulate', 'hid', '--mode', 'wedge', '--layout', 'sv', '--scan', 'Åsa-0701234567')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { scan: { label: string } }).scan.label)).toEqual(['Åsa-0701234567']);
  });

  it('shows what a wrong layout does to the label', async () => {
    const [line] = (await run('emulate', 'hid', '--mode', 'wedge', '--layout', 'fr', '--decode-layout', 'us', '--scan', '0013748911')).trim().split('\n');
    expect((JSON.parse(line!) as { scan: { label: string } }).scan.label).toBe('))!#&$*(!!');
  });

  it('HID-POS with an AIM identifier, printing the reports', async () => {
    const lines = (await run('emulate', 'hid', '--mode', 'pos', '--aim', ']Q1', '--scan', 'x'.repeat(70), '--reports')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => 'report' in l)).toHaveLength(2);
    expect(lines.find((l) => 'scan' in l)).toMatchObject({ scan: { aimId: ']Q1', symbology: 'qr', label: 'x'.repeat(70) } });
  });

  it('refuses an unknown mode', async () => {
    await expect(run('emulate', 'hid', '--mode', 'keyboard', '--scan', '1')).rejects.toThrow(/--mode/);
  });
});

describe('tillid devices --udev', () => {
  it('covers hidraw, tty and ModemManager for scanner vendors and extra ones', async () => {
    const rules = await run('devices', '--udev', '--vendor', '1a2b');
    expect(rules).toContain('SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", GROUP="plugdev", MODE="0660"');
    expect(rules).toContain('SUBSYSTEM=="tty", ATTRS{idVendor}=="05e0", GROUP="dialout"');
    expect(rules).toContain('ATTRS{idVendor}=="1a2b", ENV{ID_MM_DEVICE_IGNORE}="1"');
  });

  it('refuses a vendor id that is not hex', async () => {
    await expect(run('devices', '--udev', '--vendor', 'honeywell')).rejects.toThrow(/--vendor/);
  });
});
