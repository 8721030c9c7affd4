import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileDurably } from './durableFile';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** The till's data directory: the given one, else `~/.tillid`, as an absolute path. */
export function resolveDataDirectory(dir?: string): string {
  return path.resolve(dir ?? path.join(os.homedir(), '.tillid'));
}

/** Creates the data directory (and parents) if needed and makes sure only its owner can enter it (0700). */
export function ensureDataDirectory(dir?: string): string {
  const resolved = resolveDataDirectory(dir);
  fs.mkdirSync(resolved, { recursive: true, mode: PRIVATE_DIR });
  tighten(resolved, PRIVATE_DIR);
  return resolved;
}

/**
 * The secret `name` in `dir` (raw bytes, mode 0600), created with `bytes` random bytes the first time.
 * Creation is atomic and never overwrites: the bytes are written to a temporary file, fsynced, then hard-linked to
 * the final name, so two processes starting at once end up with the same secret (the loser reads the winner's).
 * Used for the identifier hash key (`hash.key`, whose loss makes the cache unreadable) and the API token.
 */
export function loadOrCreateSecret(dir: string, name: string, bytes: number): Buffer {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`secret file name ${JSON.stringify(name)} is not a plain file name`);
  if (!Number.isInteger(bytes) || bytes < 16) throw new Error('a secret needs at least 16 bytes');
  const dataDir = ensureDataDirectory(dir);
  const file = path.join(dataDir, name);
  const existing = readSecret(file, bytes);
  if (existing) return existing;

  const secret = randomBytes(bytes);
  // Where another process created it first, theirs is the secret: read back whichever won.
  createFileDurably(file, secret, PRIVATE_FILE);
  const stored = readSecret(file, bytes);
  if (!stored) throw new Error(`the secret file ${name} could not be created`);
  return stored;
}

function readSecret(file: string, bytes: number): Buffer | null {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  if (content.length !== bytes) {
    // Never replace it: a different key would silently orphan every hashed identifier.
    throw new Error(`the secret file ${path.basename(file)} holds ${content.length} bytes, expected ${bytes}; refusing to replace it`);
  }
  tighten(file, PRIVATE_FILE);
  return content;
}

/** Narrows the mode if it is wider than wanted (a copied file, a umask surprise). No-op on Windows. */
function tighten(target: string, mode: number): void {
  if (process.platform === 'win32') return;
  const current = fs.statSync(target).mode & 0o777;
  if ((current & ~mode) !== 0) fs.chmodSync(target, mode);
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
