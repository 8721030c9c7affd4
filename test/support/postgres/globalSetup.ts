import type { TestProject } from 'vitest/node';
import { startThrowawayCluster } from './throwawayCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; each test makes its own (see testDatabase.ts). */
    postgresUrl: string;
  }
}

/**
 * Vitest globalSetup of the hub project: a throwaway PostgreSQL cluster for the run, stopped at the end. With
 * TILLID_TEST_PG_URL set, that server is used instead and nothing is started.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TILLID_TEST_PG_URL;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return () => undefined;
  }
  const cluster = await startThrowawayCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
