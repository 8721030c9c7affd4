import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMemberCache } from '../../../sync/cache';
import { runTillidStart } from './support/runTillidStart';

// `tillid start` on a data directory whose cache cannot do its job refuses to start, saying why and what to do,
// instead of starting with health "ok" and losing or refusing sales later.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data directory whose cache holds one receipt not yet delivered to the CRM (no CRM is reachable). */
function dataDirWithUndeliveredReceipt(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-refusal-'));
  dirs.push(dir);
  const cache = openMemberCache(dir);
  cache.receipts.enqueueReceipt({ receiptId: 'R-1', profileId: null, createdAt: Date.now(), currency: 'SEK', totalMinor: 4990, body: { lines: [] } });
  cache.close();
  return dir;
}

describe('tillid start refuses a cache that was lost next to its hash.key', () => {
  it.each([
    ['deleted', (file: string) => rmSync(file), /cache\.db is missing/],
    ['truncated', (file: string) => truncateSync(file, 0), /cache\.db is empty/],
  ])('%s: says so, starts nothing, and --accept-empty-cache proceeds', async (_what, lose, message) => {
    const dir = dataDirWithUndeliveredReceipt();
    lose(path.join(dir, 'cache.db'));

    const refused = await runTillidStart(['--data', dir]);
    expect(refused.started).toBe(false);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).toMatch(/not yet delivered to the CRM.*--accept-empty-cache/s);
    expect(refused.stdout).not.toContain('Tillid is running');

    const accepted = await runTillidStart(['--data', dir, '--accept-empty-cache']);
    expect(accepted.started).toBe(true);
    expect(accepted.stdout).toContain('Profiles cached: 0');
  }, 60_000);
});

describe('tillid start refuses a cache it cannot write', () => {
  it('run as a user who may read cache.db but not write it: names the file, the user and the reason', async () => {
    const dir = dataDirWithUndeliveredReceipt();
    // The directory and its files belong to `nobody`, except cache.db: root's, readable by all, writable by root only.
    const nobody = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
    const nogroup = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
    chownSync(dir, nobody, nogroup);
    for (const name of readdirSync(dir)) chownSync(path.join(dir, name), nobody, nogroup);
    chownSync(path.join(dir, 'cache.db'), 0, 0);
    chmodSync(path.join(dir, 'cache.db'), 0o644);

    const refused = await runTillidStart(['--data', dir], { wrapper: ['setpriv', `--reuid=${nobody}`, `--regid=${nogroup}`, '--clear-groups'] });
    expect(refused.started).toBe(false);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`${path.join(dir, 'cache.db')} cannot be written by user nobody`);
    expect(refused.stderr).toMatch(/SQLITE_READONLY/);
  }, 60_000);
});
