// The Voyado part of the hub bench alone (support/voyadoCeiling.ts): the connector against its stand-in at the 50
// requests/s ceiling, mirror fill and receipts delivered per second, on a throwaway PostgreSQL (or TILLID_TEST_PG_URL).
// `npm run bench -- hub` runs it too; a whole `npm run bench` runs it once, in the hub bench (`partOf`).
import { withBenchPostgres } from './support/benchPostgres';
import { voyadoCeilingFigures } from './support/voyadoCeiling';

export const name = 'voyado';
export const partOf = 'hub';

export async function run(): Promise<Record<string, unknown>> {
  const { postgres, result } = await withBenchPostgres((serverUrl) => voyadoCeilingFigures(serverUrl));
  return { postgres, ...result };
}
