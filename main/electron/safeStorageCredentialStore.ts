import type { SafeStorage } from 'electron';
import { createFileCredentialStore, type CredentialSealer, type CredentialStore } from '../../sync/client/credentialStore';

export type CredentialProtection = 'os_keychain' | 'file_0600';

/**
 * The sync credentials sealed with Electron's safeStorage (the OS keychain: DPAPI on Windows, libsecret or KWallet on
 * Linux), so the file in the data directory is useless on another machine. Where safeStorage has no real keychain
 * (Linux falls back to a fixed key, `basic_text`), sealing would only pretend: the plain 0600 file is used instead
 * and the caller is told, so it can log which protection is in force.
 */
export function createSafeStorageCredentialStore(
  dataDir: string,
  safeStorage: KeychainSafeStorage,
  platform: NodeJS.Platform = process.platform,
): { store: CredentialStore; protection: CredentialProtection } {
  const sealer = keychainSealer(safeStorage, platform);
  if (!sealer) return { store: createFileCredentialStore(dataDir), protection: 'file_0600' };
  return { store: createFileCredentialStore(dataDir, { sealer }), protection: 'os_keychain' };
}

export type KeychainSafeStorage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

/**
 * safeStorage as a sealer, or undefined where it has no real keychain (Linux's `basic_text` seals with a fixed key:
 * sealing there would only pretend). Used for the sync credentials and for the identifier hash key.
 */
export function keychainSealer(safeStorage: KeychainSafeStorage, platform: NodeJS.Platform = process.platform): CredentialSealer | undefined {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const realKeychain = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  if (!realKeychain) return undefined;
  return {
    encryptString: (plain: string) => safeStorage.encryptString(plain),
    decryptString: (sealed: Buffer) => safeStorage.decryptString(sealed),
  };
}
