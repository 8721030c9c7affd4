import { mkdirSync, readFileSync, statSync, chmodSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDataDirectory, loadOrCreateSecret, resolveDataDirectory } from '../../../sync/cache/dataDirectory';
import { openMemberCache } from '../../../sync/cache/memberCache';
import { tempDataDir } from './support/tempCache';

const mode = (p: string): number => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

let temp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  temp = tempDataDir();
});
afterEach(() => temp.cleanup());

describe('data directory', () => {
  it('defaults to ~/.tillid and resolves a given one to an absolute path', () => {
    expect(resolveDataDirectory()).toBe(path.join(os.homedir(), '.tillid'));
    expect(resolveDataDirectory('rel/dir')).toBe(path.resolve('rel/dir'));
  });

  it.runIf(posix)('is created with mode 0700, and an existing one is narrowed to it', () => {
    const fresh = path.join(temp.dir, 'a', 'b');
    expect(ensureDataDirectory(fresh)).toBe(fresh);
    expect(mode(fresh)).toBe(0o700);
    const loose = path.join(temp.dir, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    ensureDataDirectory(loose);
    expect(mode(loose)).toBe(0o700);
  });
});

describe('loadOrCreateSecret', () => {
  it('creates the secret once (raw bytes, mode 0600) and returns the same bytes after', () => {
    const first = loadOrCreateSecret(temp.dir, 'hash.key', 32);
    expect(first).toHaveLength(32);
    expect(readFileSync(path.join(temp.dir, 'hash.key')).equals(first)).toBe(true);
    if (posix) expect(mode(path.join(temp.dir, 'hash.key'))).toBe(0o600);
    expect(loadOrCreateSecret(temp.dir, 'hash.key', 32).equals(first)).toBe(true);
    expect(readdirSync(temp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never replaces a secret of the wrong length', () => {
    writeFileSync(path.join(temp.dir, 'hash.key'), Buffer.alloc(5));
    expect(() => loadOrCreateSecret(temp.dir, 'hash.key', 32)).toThrow(/holds 5 bytes, expected 32; refusing to replace it/);
    expect(readFileSync(path.join(temp.dir, 'hash.key'))).toHaveLength(5);
  });

  it.runIf(posix)('narrows a secret file readable by others to 0600', () => {
    const file = path.join(temp.dir, 'api.token');
    writeFileSync(file, Buffer.alloc(32, 7), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(loadOrCreateSecret(temp.dir, 'api.token', 32).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(mode(file)).toBe(0o600);
  });

  it.each(['../escape', 'a/b', ''])('refuses the file name %j', (name) => {
    expect(() => loadOrCreateSecret(temp.dir, name, 32)).toThrow(/not a plain file name/);
  });

  it('gives processes racing to create it one and the same secret', async () => {
    const module = path.resolve(import.meta.dirname, '../../../sync/cache/dataDirectory.ts');
    const code = `const m = await import(${JSON.stringify(module)}); process.stdout.write(m.loadOrCreateSecret(${JSON.stringify(temp.dir)}, 'race.key', 32).toString('hex'));`;
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (chunk) => (out += String(chunk)));
          child.on('exit', (status) => (status === 0 ? resolve(out) : reject(new Error(`child exited ${status}`))));
        }),
      ),
    );
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toBe(readFileSync(path.join(temp.dir, 'race.key')).toString('hex'));
  });
});

describe('openMemberCache', () => {
  it('creates cache.db and hash.key in the data directory', () => {
    const cache = openMemberCache(temp.dir);
    cache.close();
    expect(readdirSync(temp.dir)).toEqual(expect.arrayContaining(['cache.db', 'hash.key']));
    if (posix) expect(mode(path.join(temp.dir, 'hash.key'))).toBe(0o600);
  });

  it('refuses a hash key other than the one the cache was built with', () => {
    openMemberCache(temp.dir).close();
    writeFileSync(path.join(temp.dir, 'hash.key'), Buffer.alloc(32, 1));
    expect(() => openMemberCache(temp.dir)).toThrow(/hash.key is not the key this cache was built with/);
  });
});
