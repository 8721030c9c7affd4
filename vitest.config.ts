import { defineConfig } from 'vitest/config';

/**
 * Integration files that clash with each other or with anything running beside them, so they run one at a time:
 * - a pseudo-terminal or the serial emulator (ptys, and a till's port flush waits on a quiet machine);
 * - child processes: kill -9 loops, the CLI and the demo started as processes, a till in its own mount namespace on a
 *   tiny tmpfs, the esbuild bundle written to the shared dist/ directory;
 * - a demo restart that takes back the port its CRM was enrolled with (another file could take it meanwhile).
 * Every other integration file runs in parallel (`integration-parallel`).
 */
const INTEGRATION_ONE_AT_A_TIME = [
  // ptys and the serial emulator
  'test/integration/drivers/serialPty.test.ts',
  'test/integration/drivers/tillOpenDetection.test.ts',
  'test/integration/drivers/cliEmulateSerial.test.ts',
  'test/integration/drivers/recordReplay.test.ts',
  'test/integration/cli/emulateSerialInteractive.test.ts',
  'test/integration/cli/newcomerErrors.test.ts',
  // child processes, kill -9 and heavy CPU
  'test/integration/sync/killNine.test.ts',
  'test/integration/api/receiptDurability.test.ts',
  'test/integration/api/dataDirectoryLock.test.ts',
  'test/integration/api/diskFull.test.ts',
  'test/integration/cache/durability.test.ts',
  'test/integration/cache/bootstrapLoader.test.ts',
  'test/integration/cache/shadowBootstrap.test.ts',
  'test/integration/cache/dataDirectory.test.ts',
  'test/integration/cli/builtCommand.test.ts',
  'test/integration/cli/startDemo.test.ts',
  'test/integration/cli/startRefusals.test.ts',
  'test/integration/cli/demoCleanup.test.ts',
  // a fixed port taken back after a restart
  'test/integration/cli/demoRestart.test.ts',
] as const;

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
          include: [...INTEGRATION_ONE_AT_A_TIME],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // These clash (see INTEGRATION_ONE_AT_A_TIME): one file at a time.
          fileParallelism: false,
          globalSetup: ['test/support/postgres/globalSetup.ts'],
        },
      },
      {
        test: {
          // Every other integration file keeps to its own temporary directory, port 0 and in-process servers.
          name: 'integration-parallel',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...INTEGRATION_ONE_AT_A_TIME],
          environment: 'node',
          globalSetup: ['test/support/postgres/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
          // The hub's protocol as the tills see it (the emulated CRM's suite, step-up) runs on the run's PostgreSQL in
          // `integration-parallel`; here it runs again on PGlite (in a temporary folder), so that both engines answer it.
          name: 'hub-pglite',
          include: ['test/integration/emulator/**/*.test.ts', 'test/integration/stepup/**/*.test.ts'],
          environment: 'node',
          env: { TILLID_TEST_PG_URL: '' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // The demo till's hub runs on a database of the run's PostgreSQL cluster (test/support/testHub.ts).
          globalSetup: ['test/support/postgres/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
