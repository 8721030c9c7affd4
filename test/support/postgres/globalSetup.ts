import type { TestProject } from 'vitest/node';
import { startThrowawayCluster } from './throwawayCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; each test makes its own (see testDatabase.ts). */
    postgresUrl: string;
  }
}

/**
 * Vitest globalSetup of the hub, integration and e2e projects: a throwaway PostgreSQL cluster for the run, stopped at
 * the end. With TILLID_TEST_PG_URL set, that server is used instead and nothing is started. Its URL is provided
 * (`inject('postgresUrl')`) and put in TILLID_TEST_PG_URL, which the test workers inherit (test/support/testHub.ts
 * reads it, and so does a later project's setup: one cluster serves the whole run).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TILLID_TEST_PG_URL;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return () => undefined;
  }
  const cluster = await startThrowawayCluster();
  project.provide('postgresUrl', cluster.url);
  process.env.TILLID_TEST_PG_URL = cluster.url;
  return () => {
    delete process.env.TILLID_TEST_PG_URL;
    cluster.stop();
  };
}
