import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A stand-in for Electron's safeStorage that really seals: AES-256-GCM under a key only this object holds, as the OS
 * keychain holds its own. What it did not seal (a plain file, another keychain's output) it refuses to open, so a
 * code path that writes or reads a secret in clear fails against it.
 */
export function createSealingKeychain(): {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): 'gnome_libsecret';
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
} {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('SEALED1'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      if (!sealed.subarray(0, 7).equals(Buffer.from('SEALED1'))) throw new Error('not sealed by this keychain');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(7, 19));
      decipher.setAuthTag(sealed.subarray(19, 35));
      return Buffer.concat([decipher.update(sealed.subarray(35)), decipher.final()]).toString('utf8');
    },
  };
}
