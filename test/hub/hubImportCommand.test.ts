import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../hub/db/openHubDatabase';
import { HUB_ENGINES, hubStorage } from './support/hubUnderTest';
import type { HubStorage } from './support/hubUnderTest';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
/** Each test runs the command twice; on PGlite each run boots the embedded database: a minute or more on a loaded machine. */
const SLOW_MACHINE_MS = 300_000;

/** `tillid hub import …`: its exit code, stdout and stderr. */
async function tillidHubImport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(root, 'bin/tillid.mjs'), 'hub', 'import', ...args], { cwd: root, timeout: SLOW_MACHINE_MS / 2 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-import-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(HUB_ENGINES)('tillid hub import on %s', { timeout: SLOW_MACHINE_MS }, (engine) => {
  let storage: HubStorage | undefined;
  afterEach(async () => {
    await storage?.remove();
    storage = undefined;
  }, SLOW_MACHINE_MS);

  it('imports a file, lists bad rows by line without their values, prints a JSON summary and exits 3', async () => {
    storage = await hubStorage(engine);
    const where = storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string];
    const file = path.join(dir, `export-${engine}.txt`);
    await writeFile(file, [
      'ContactId;Förnamn;mobilePhone;email;kundnr',
      'c-1;Anna;070-111 22 33;Anna@Example.se;k1',
      'c-2;Bo;0701;bo@example.se;k2',
      'c-3;Cia;+46 70 444 55 66;;k3',
    ].join('\n').replaceAll(';', ','));

    const result = await tillidHubImport([file, ...where, '--format', 'csv', '--map', 'Förnamn=firstName', '--map', 'kundnr=memberNumber', '--chunk-rows', '100']);

    expect(result.stderr).toContain('line 3: mobilePhone: not a valid phone number');
    expect(result.stderr).not.toContain('0701');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'csv', rows: 3, badRows: 1, inserted: 2 });
    if (storage.options.databaseUrl !== undefined) expect(result.stdout + result.stderr).not.toContain(storage.options.databaseUrl);

    const db = await openHubDatabase(storage.options);
    try {
      const rows = await db.query<{ profile_id: string; row_json: string }>('SELECT profile_id, row_json FROM profiles ORDER BY seq');
      expect(rows.map((r) => JSON.parse(r.row_json) as unknown)).toEqual([
        ['c-1', 'Anna', 'Anna', null, 0, null, 'active', [['phone', '+46701112233'], ['email', 'anna@example.se'], ['member_number', 'K1']]],
        ['c-3', 'Cia', 'Cia', null, 0, null, 'active', [['phone', '+46704445566'], ['member_number', 'K3']]],
      ]);
    } finally {
      await db.close();
    }

    const again = await tillidHubImport([file, ...where, '--format', 'csv', '--map', 'Förnamn=firstName', '--map', 'kundnr=memberNumber']);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, badRows: 1 });
  });

  it('refuses a file it cannot tell the format of, and a --map to no field', async () => {
    storage = await hubStorage(engine);
    const where = storage.options.databaseUrl !== undefined ? ['--database', storage.options.databaseUrl] : ['--data', storage.options.dataDir as string];
    const file = path.join(dir, `export-${engine}.dat`);
    await writeFile(file, 'id\nc-1\n');

    const noFormat = await tillidHubImport([file, ...where]);
    expect(noFormat.code).toBe(1);
    expect(noFormat.stderr).toContain('say --format csv or --format jsonl');

    const badMap = await tillidHubImport([file, ...where, '--map', 'kundnr=shoeSize']);
    expect(badMap.code).not.toBe(0);
    expect(badMap.stderr).toContain('--map kundnr=shoeSize: the field must be one of');
  });
});
