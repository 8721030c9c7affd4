import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HASH_KEY_FILE, openMemberCache, SEALED_HASH_KEY_FILE } from '../../../sync/cache';
import { createSealingKeychain } from '../../support/sealingKeychain';

// Issue 11.11: with a keychain, the identifier hash key is never on disk in clear.
const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-sealed-key-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the identifier hash key with a keychain', () => {
  it('is made sealed: no plain hash.key, and the sealed file holds nothing of the key in clear', () => {
    const dir = dataDir();
    const keychain = createSealingKeychain();
    const cache = openMemberCache(dir, { hashKeySealer: keychain });
    const key = cache.hashKey;
    cache.close();
    expect(existsSync(path.join(dir, HASH_KEY_FILE))).toBe(false);
    const sealed = readFileSync(path.join(dir, SEALED_HASH_KEY_FILE));
    for (const form of [key, Buffer.from(key.toString('base64')), Buffer.from(key.toString('hex'))]) expect(sealed.includes(form)).toBe(false);
    const again = openMemberCache(dir, { hashKeySealer: keychain });
    expect(again.hashKey.equals(key)).toBe(true);
    again.close();
  });

  it('seals the plain key of an existing till and deletes the plain file, keeping the same key', () => {
    const dir = dataDir();
    const plain = openMemberCache(dir);
    const key = plain.hashKey;
    plain.close();
    const sealed = openMemberCache(dir, { hashKeySealer: createSealingKeychain() });
    expect(sealed.hashKey.equals(key)).toBe(true);
    sealed.close();
    expect(existsSync(path.join(dir, HASH_KEY_FILE))).toBe(false);
    expect(existsSync(path.join(dir, SEALED_HASH_KEY_FILE))).toBe(true);
  });

  it('refuses, rather than making a new key, when started without the keychain', () => {
    const dir = dataDir();
    openMemberCache(dir, { hashKeySealer: createSealingKeychain() }).close();
    expect(() => openMemberCache(dir)).toThrow(/sealed by the OS keychain.*start the till from that app/);
    expect(existsSync(path.join(dir, HASH_KEY_FILE))).toBe(false);
  });

  it('refuses another keychain (another machine or user)', () => {
    const dir = dataDir();
    openMemberCache(dir, { hashKeySealer: createSealingKeychain() }).close();
    expect(() => openMemberCache(dir, { hashKeySealer: createSealingKeychain() })).toThrow(/cannot unseal hash\.key\.sealed/);
  });

  it('counts a sealed key as evidence of a cache: a lost cache.db next to it refuses to start', () => {
    const dir = dataDir();
    const keychain = createSealingKeychain();
    openMemberCache(dir, { hashKeySealer: keychain }).close();
    rmSync(path.join(dir, 'cache.db'));
    expect(() => openMemberCache(dir, { hashKeySealer: keychain })).toThrow(/member cache was lost/);
  });
});
