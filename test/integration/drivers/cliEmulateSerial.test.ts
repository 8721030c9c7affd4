import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceConfigSchema } from '../../../drivers/deviceConfig';
import { createDeviceManager } from '../../../drivers/deviceManager';
import type { ScanEvent } from '../../../drivers/scanEvent';
import { registerEmulateCommand } from '../../../main/cli/commands/emulate';
import { collect, silentLogger, untilCount } from '../../unit/drivers/support/events';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tillid-cli-emulate-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('tillid emulate serial', () => {
  it('waits for the till to open the link, sends --scan and --script scans, then unplugs with --exit', async () => {
    const link = path.join(dir, 'scanner');
    const script = path.join(dir, 's.jsonl');
    await writeFile(script, '{"type":"scan","data":"4006381333931","aim":"]E0"}\n');
    const program = new Command().exitOverride();
    registerEmulateCommand(program);
    const emulating = program.parseAsync(['node', 'tillid', 'emulate', 'serial', '--link', link, '--suffix', 'crlf', '--scan', '7350053850019', '--script', script, '--exit']);

    const manager = createDeviceManager({ devices: [DeviceConfigSchema.parse({ type: 'serial', path: link, suffix: 'crlf', reconnectMinMs: 50, reconnectMaxMs: 200 })], logger: silentLogger });
    const scans = collect<ScanEvent>(manager, 'scan');
    await manager.start();
    try {
      await emulating;
      await untilCount(scans, 2);
      expect(scans.map((s) => [s.label, s.aimId])).toEqual([['7350053850019', undefined], ['4006381333931', ']E0']]);
    } finally {
      await manager.stop();
    }
  });
});
