import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A few unit tests compile with the TypeScript API or run property checks on a worker thread: on a shared
          // 2-core machine they have taken 5-6 s, so the 5 s default fails them for load, not for a defect.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration tests open real ports, ptys and SQLite files: keep them off each other's toes on 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The hub's tests: each runs against PostgreSQL (a throwaway cluster started for the run) and PGlite.
          name: 'hub',
          include: ['test/hub/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/postgres/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
