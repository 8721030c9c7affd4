import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageCredentialStore } from '../../../main/electron/safeStorageCredentialStore';

const TOKEN = 'device-token-0123456789abcdefghijklmnopqrstuv';
// Stands in for the OS keychain: a reversible transform that never leaves the token readable.
const keychain = {
  encryptString: (plain: string) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString(),
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tillid-cred-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('sync credentials in Electron', () => {
  it('are sealed by the OS keychain where there is one', async () => {
    const { store, protection } = createSafeStorageCredentialStore(dir, { ...keychain, isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret' }, 'linux');
    expect(protection).toBe('os_keychain');
    await store.write({ token: TOKEN });
    const files = await readdir(dir);
    expect(files).toEqual(['crm-credentials.sealed']);
    expect((await readFile(path.join(dir, files[0]!))).toString('latin1')).not.toContain(TOKEN);
    expect(await store.read()).toEqual({ token: TOKEN });
  });

  it.each([
    ['linux with no keychain (basic_text)', 'linux', true, 'basic_text'],
    ['linux with an unknown backend', 'linux', true, 'unknown'],
    ['no encryption at all', 'win32', false, undefined],
  ] as const)('fall back to the 0600 file on %s', async (_name, platform, available, backend) => {
    const { store, protection } = createSafeStorageCredentialStore(dir, { ...keychain, isEncryptionAvailable: () => available, getSelectedStorageBackend: () => backend ?? 'unknown' }, platform);
    expect(protection).toBe('file_0600');
    await store.write({ token: TOKEN });
    expect(await readdir(dir)).toEqual(['crm-credentials.json']);
  });

  it('use the keychain on Windows and macOS whatever the Linux backend says', () => {
    const { protection } = createSafeStorageCredentialStore(dir, { ...keychain, isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text' }, 'win32');
    expect(protection).toBe('os_keychain');
  });
});
