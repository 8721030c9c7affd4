import type { Command } from 'commander';
import { resolveDataDirectory } from '../../../sync/cache';
import { SyncFailure, enrolTill } from '../../../sync/client';
import { createLogger } from '../../log';
import { TILLID_VERSION } from '../../version';
import { findRunningTill } from './sync';

interface EnrolFlags {
  crm: string;
  code: string;
  data?: string;
  name?: string;
}

/** What a store manager can do about each refusal. Never echoes the code. */
const refusals: Record<string, string> = {
  enrolment_code_invalid: 'the CRM does not know this code: check it, or ask the store manager for a new one',
  enrolment_code_used: 'this code has already been used: ask the store manager for a new one',
  enrolment_code_expired: 'this code has expired: ask the store manager for a new one',
};

export function describeEnrolFailure(error: unknown): string {
  if (!(error instanceof SyncFailure)) return error instanceof Error ? error.message : String(error);
  if (error.problemType && refusals[error.problemType]) return refusals[error.problemType] as string;
  switch (error.kind) {
    case 'unreachable':
      return 'the CRM could not be reached: check the address and the network';
    case 'timeout':
      return 'the CRM did not answer in time: try again (if it keeps happening, check the address)';
    case 'enrolment_refused':
    case 'rejected_request':
      return `the CRM refused the enrolment (${error.message})`;
    default:
      return error.message;
  }
}

/**
 * `tillid enrol --crm URL --code CODE [--data DIR]`: works whether or not the till runs. The enrolment is files in
 * the data directory; a running till is told at once (POST /api/v1/sync), or notices at its next cycle.
 */
export function registerEnrolCommand(program: Command): void {
  program
    .command('enrol')
    // The first releases spelled it `enroll`; scripts written then keep working.
    .alias('enroll')
    .description('enrol this till with the CRM, using a one-time code from the store manager')
    .requiredOption('--crm <url>', 'the CRM address, e.g. https://crm.example.com')
    .requiredOption('--code <code>', 'the one-time enrolment code')
    .option('--data <dir>', 'data directory (default ~/.tillid)')
    .option('--name <name>', 'a name for this till, shown to managers (default: the host name)')
    .action(async (flags: EnrolFlags) => {
      const dataDir = resolveDataDirectory(flags.data);
      const logger = createLogger({ level: process.env.TILLID_LOG_LEVEL ?? 'warn' });
      let enrolment;
      try {
        enrolment = await enrolTill({ crmUrl: flags.crm, code: flags.code, dataDir, logger, appVersion: TILLID_VERSION, ...(flags.name ? { tillName: flags.name } : {}) });
      } catch (error) {
        console.error(`Enrolment failed: ${describeEnrolFailure(error)}.`);
        process.exitCode = 1;
        return;
      }
      console.log(`Enrolled "${enrolment.tillName}" with ${enrolment.storeName || enrolment.storeId} (store ${enrolment.storeId}) as device ${enrolment.deviceId}.`);
      const running = await findRunningTill(dataDir);
      if (running) {
        console.log('The running till is syncing now (see `tillid sync status`).');
        // Only the start is waited for: a first copy of the members can take a while, and the till carries on alone.
        await running.syncNow(1_000).catch(() => undefined);
      } else {
        console.log(`Start the till with \`tillid start --data ${dataDir}\`, or copy the members now with \`tillid sync now --data ${dataDir}\`.`);
      }
    });
}
