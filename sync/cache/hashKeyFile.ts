import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateSecret } from './dataDirectory';
import { createFileDurably, removeFileDurably } from './durableFile';

export const HASH_KEY_FILE = 'hash.key';
/** The hash key sealed by the OS keychain (the Electron shell's safeStorage): useless on another machine. */
export const SEALED_HASH_KEY_FILE = 'hash.key.sealed';
const HASH_KEY_BYTES = 32;

/** Shape of Electron's safeStorage.encryptString / decryptString, so the shell can pass it as is. */
export interface SecretSealer {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** True when the data directory holds a hash key in either form: a cache was built here. */
export function hasHashKey(dir: string): boolean {
  return fs.existsSync(path.join(dir, HASH_KEY_FILE)) || fs.existsSync(path.join(dir, SEALED_HASH_KEY_FILE));
}

/**
 * The identifier hash key of a data directory. Without a sealer: the 0600 file `hash.key`. With one (the OS keychain):
 * `hash.key.sealed`; a plain `hash.key` found there is sealed and then deleted, so a stolen disk no longer carries it.
 * Never makes a new key where one exists in another form: a new key would orphan every hashed identifier.
 */
export function loadOrCreateHashKey(dir: string, sealer?: SecretSealer): Buffer {
  const plainFile = path.join(dir, HASH_KEY_FILE);
  const sealedFile = path.join(dir, SEALED_HASH_KEY_FILE);
  if (!sealer) {
    if (fs.existsSync(sealedFile) && !fs.existsSync(plainFile)) {
      throw new Error(
        `${SEALED_HASH_KEY_FILE} in ${dir} is sealed by the OS keychain of the Tillid app that made it, and this start has ` +
          'no keychain: start the till from that app, on that machine and user account.',
      );
    }
    return loadOrCreateSecret(dir, HASH_KEY_FILE, HASH_KEY_BYTES);
  }
  if (fs.existsSync(sealedFile)) {
    const key = unseal(sealedFile, sealer);
    // A plain copy next to the sealed key (a sealing cut short before the delete) defeats the seal: it goes.
    if (fs.existsSync(plainFile)) removeFileDurably(plainFile);
    return key;
  }
  const key = fs.existsSync(plainFile) ? loadOrCreateSecret(dir, HASH_KEY_FILE, HASH_KEY_BYTES) : randomBytes(HASH_KEY_BYTES);
  writeSealed(sealedFile, key, sealer);
  if (!unseal(sealedFile, sealer).equals(key)) throw new Error(`the OS keychain did not give back the key sealed in ${SEALED_HASH_KEY_FILE}`);
  if (fs.existsSync(plainFile)) removeFileDurably(plainFile);
  return key;
}

function unseal(file: string, sealer: SecretSealer): Buffer {
  let text: string;
  try {
    text = sealer.decryptString(fs.readFileSync(file));
  } catch {
    throw new Error(
      `the OS keychain cannot unseal ${path.basename(file)} (another machine or user account, or a reset keychain): the ` +
        'member cache cannot be read without it. Restore the keychain, or move cache.db and the key aside to rebuild the cache ' +
        '(its outbox may hold undelivered receipts).',
    );
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== HASH_KEY_BYTES) throw new Error(`${path.basename(file)} does not hold a ${HASH_KEY_BYTES}-byte key; refusing to replace it`);
  return key;
}

/** Never half a key, never over an existing one (createFileDurably); a key sealed meanwhile by another start is refused. */
function writeSealed(file: string, key: Buffer, sealer: SecretSealer): void {
  if (!createFileDurably(file, sealer.encryptString(key.toString('base64')), 0o600)) {
    throw new Error(`${path.basename(file)} was created by another start meanwhile; start the till again`);
  }
}
