import { z } from 'zod';

const DatabaseUrlSchema = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL');

/**
 * Checked in the action, not as a commander argument parser: commander quotes a refused value in its message, and
 * a connection string carries the database password.
 */
function databaseUrl(value: string, from: string): string {
  const parsed = DatabaseUrlSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${from} must be a postgres:// or postgresql:// URL`);
  return parsed.data;
}

/** The hub's PostgreSQL: --database, else TILLID_HUB_DATABASE_URL, else none (PGlite in the data directory). */
export function hubDatabaseUrl(flag: string | undefined): string | undefined {
  if (flag !== undefined) return databaseUrl(flag, '--database');
  const fromEnv = process.env.TILLID_HUB_DATABASE_URL;
  return fromEnv === undefined || fromEnv === '' ? undefined : databaseUrl(fromEnv, 'TILLID_HUB_DATABASE_URL');
}
