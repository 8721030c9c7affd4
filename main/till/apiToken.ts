import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateSecret } from '../../sync/cache/dataDirectory';

const TOKEN_FILE = 'api.token';

/** The POS API bearer token: 32 random bytes as base64url, made at first start (mode 0600). */
export function loadOrCreateApiToken(dataDir: string): string {
  return loadOrCreateSecret(dataDir, TOKEN_FILE, 32).toString('base64url');
}

export function readApiToken(dataDir: string): string | null {
  const file = path.join(dataDir, TOKEN_FILE);
  if (!existsSync(file)) return null;
  return readFileSync(file).toString('base64url');
}
