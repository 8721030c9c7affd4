// The import part of the hub bench alone (support/hubImportFigures.ts): `tillid hub import` of a generated export of
// 5,000,000 members (N with --members) while a till pulls the change feed, on a throwaway PostgreSQL (or
// TILLID_TEST_PG_URL). `npm run bench -- hub` runs it too; a whole `npm run bench` runs it once, in the hub bench.
import type { BenchOptions } from './support/benchOptions';
import { withBenchPostgres } from './support/benchPostgres';
import { importFigures } from './support/hubImportFigures';

export const name = 'hubImport';
export const partOf = 'hub';

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const { postgres, result } = await withBenchPostgres((serverUrl) => importFigures(serverUrl, options.membersGiven ? options.members : 5_000_000));
  return { postgres, ...result };
}
