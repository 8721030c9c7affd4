import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUB_ENGINES, hubPerTest } from './support/hubUnderTest';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `tillid hub simulate …` to its end: exit code, stdout, stderr. */
function simulate(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', 'simulate', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('tillid hub simulate refuses', () => {
  it('a hub that is not on this machine, naming the flag and never the admin token', async () => {
    const result = await simulate(['--hub', 'http://10.0.0.1:7440', '--admin-token', 'adm_not-to-be-echoed', '--tills', '2', '--seconds', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('on this machine');
    expect(result.stderr).not.toContain('adm_not-to-be-echoed');
    expect(result.stdout).toBe('');
  }, 120_000);

  it('a run longer than its bound', async () => {
    const result = await simulate(['--hub', 'http://127.0.0.1:7440', '--admin-token', 't', '--seconds', '601']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('seconds');
  }, 120_000);
});

describe.each(HUB_ENGINES)('tillid hub simulate against a hub on %s', (engine) => {
  const hubForTest = hubPerTest(engine);

  it('prints its JSON report and exits 0 when every receipt is in the ledger once', async () => {
    const under = await hubForTest();
    const result = await simulate(['--hub', under.hub.url, '--tills', '3', '--seconds', '2', '--receipts-per-second', '5'], { TILLID_HUB_ADMIN_TOKEN: under.hub.adminToken });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { tills: number; receipts: { sent: number }; errors: { total: number }; ledger: { verdict: string } };
    expect(report.tills).toBe(3);
    expect(report.receipts.sent).toBeGreaterThan(0);
    expect(report.errors.total).toBe(0);
    expect(report.ledger.verdict).toBe('exactly_once');
  }, 120_000);
});
