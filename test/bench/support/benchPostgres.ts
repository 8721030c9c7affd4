import { startThrowawayCluster } from '../../support/postgres/throwawayCluster';

/**
 * Runs `work` with a PostgreSQL server the bench may make databases on: TILLID_TEST_PG_URL when set, else a throwaway
 * cluster on 127.0.0.1 (fsync off) that stops when `work` ends. `postgres` says which, for the report.
 */
export async function withBenchPostgres<T>(work: (serverUrl: string) => Promise<T>): Promise<{ postgres: string; result: T }> {
  const given = process.env.TILLID_TEST_PG_URL;
  const cluster = given === undefined || given === '' ? await startThrowawayCluster() : null;
  try {
    const result = await work(cluster?.url ?? (given as string));
    return { postgres: cluster ? 'a throwaway cluster (fsync off)' : 'TILLID_TEST_PG_URL', result };
  } finally {
    cluster?.stop();
  }
}
