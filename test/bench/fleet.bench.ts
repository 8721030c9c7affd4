// The fleet part of the hub bench alone (support/hubFleetFigures.ts): 1,000 simulated tills polling the change feed
// while 10 bootstrap, on a throwaway PostgreSQL (or TILLID_TEST_PG_URL); about two minutes, for comparing changes.
// `npm run bench -- hub` runs it too; a whole `npm run bench` runs it once, in the hub bench (`partOf`).
import type { BenchOptions } from './support/benchOptions';
import { withBenchPostgres } from './support/benchPostgres';
import { fleetFigures } from './support/hubFleetFigures';

export const name = 'fleet';
export const partOf = 'hub';

export async function run(options: BenchOptions): Promise<Record<string, unknown>> {
  const { postgres, result } = await withBenchPostgres((serverUrl) => fleetFigures(serverUrl, options.members));
  return { postgres, ...result };
}
