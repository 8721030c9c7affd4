import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The file in a PGlite hub's data directory that keeps the admin token it made for itself. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** A token as the hub makes one (`adm_` and 32 base64url characters); a given token may be any non-blank string. */
const KeptTokenSchema = z.string().trim().regex(/^adm_[A-Za-z0-9_-]{32}$/);

export type AdminTokenSource = 'given' | 'kept' | 'made';

function makeToken(): string {
  return `adm_${randomBytes(24).toString('base64url')}`;
}

/**
 * The admin token of a hub: the one given; else, on PGlite in a data directory (one process owns that folder), the one
 * kept in `<dataDir>/admin-token` (made and written, readable by the owner only, at the first start), so a restarted
 * hub (and the demo) keeps its token and a signed-in fleet page stays signed in. On PostgreSQL, where several
 * processes share the database and each would make its own, or in memory, a token is made for this process only.
 * A kept file that does not hold a token (truncated, edited) is an error that names the file, never a silent new token.
 */
export async function resolveAdminToken(options: { given?: string | undefined; dataDir?: string | undefined; engine: 'postgres' | 'pglite' }): Promise<{ token: string; source: AdminTokenSource }> {
  if (options.given !== undefined) {
    if (options.given.trim() === '') throw new Error('the admin token is blank: give a token, or none to have one made');
    return { token: options.given, source: 'given' };
  }
  if (options.engine !== 'pglite' || options.dataDir === undefined) return { token: makeToken(), source: 'made' };
  const file = path.join(options.dataDir, ADMIN_TOKEN_FILE);
  const kept = await readKept(file);
  if (kept !== null) return { token: kept, source: 'kept' };
  const token = makeToken();
  await mkdir(options.dataDir, { recursive: true });
  await writeWhole(file, `${token}\n`);
  return { token, source: 'made' };
}

/**
 * Written whole under an unused name (created exclusively, owner-only), fsync'd, then renamed: a hub killed meanwhile
 * leaves no half token, and a failed rename leaves no stray file. The till's `sync/client/atomicFile.ts` does the same,
 * but hub/ shares only `sync/protocol/` with the till.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  const partial = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(partial, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function readKept(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = KeptTokenSchema.safeParse(text);
  if (!parsed.success) throw new Error(`${file} does not hold an admin token: remove it to have a new one made, or give --admin-token`);
  return parsed.data;
}
