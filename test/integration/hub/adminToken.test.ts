import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FILE, resolveAdminToken } from '../../../hub/tills/adminToken';

describe('the hub’s admin token when none is given', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-admin-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('on PGlite is made once, kept in the data directory for its owner only, and the same at every start', async () => {
    const first = await resolveAdminToken({ dataDir: dir, engine: 'pglite' });
    expect(first.source).toBe('made');
    expect(first.token).toMatch(/^adm_[A-Za-z0-9_-]{32}$/);
    const file = path.join(dir, ADMIN_TOKEN_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.token);
    // Written under another name and renamed: nothing else is left in the folder.
    expect(await readdir(dir)).toEqual([ADMIN_TOKEN_FILE]);
    const again = await resolveAdminToken({ dataDir: dir, engine: 'pglite' });
    expect(again).toEqual({ token: first.token, source: 'kept' });
  });

  it('on PostgreSQL is made for this process only and never written', async () => {
    const one = await resolveAdminToken({ dataDir: dir, engine: 'postgres' });
    const two = await resolveAdminToken({ dataDir: dir, engine: 'postgres' });
    expect(one.source).toBe('made');
    expect(one.token).not.toBe(two.token);
    await expect(stat(path.join(dir, ADMIN_TOKEN_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a given token wins and is not written; a blank one is refused', async () => {
    expect(await resolveAdminToken({ given: 'secret-of-the-retailer', dataDir: dir, engine: 'pglite' })).toEqual({ token: 'secret-of-the-retailer', source: 'given' });
    await expect(stat(path.join(dir, ADMIN_TOKEN_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(resolveAdminToken({ given: '  ', dataDir: dir, engine: 'pglite' })).rejects.toThrow(/blank/);
  });

  it('a kept file that holds no token (truncated by a full disk, edited) is an error naming it, not a new token', async () => {
    await writeFile(path.join(dir, ADMIN_TOKEN_FILE), 'adm_short');
    await expect(resolveAdminToken({ dataDir: dir, engine: 'pglite' })).rejects.toThrow(new RegExp(`${ADMIN_TOKEN_FILE} does not hold an admin token`));
  });
});
