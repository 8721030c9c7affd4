import path from 'node:path';
import { Option, type Command } from 'commander';
import { resolveDataDirectory } from '../../../sync/cache';
import { parseScannerSpec } from '../../../drivers/scannerSpec';
import type { DeviceConfig } from '../../../drivers/deviceConfig';
import { createLogger } from '../../log';
import { runTill, type RunningTillProcess } from '../../compose/runTill';
import { launchElectronShell } from '../../electron/launchElectron';

interface StartOptions {
  demo?: boolean;
  port?: string;
  data?: string;
  members: string;
  scanner: string[];
  crm?: string;
  enrolCode?: string;
  enrollCode?: string;
  browser?: boolean;
  acceptEmptyCache?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the till: scanners, the member cache, sync and the POS API on 127.0.0.1')
    .option('--demo', 'a self-contained demo: a fresh data directory, the Tillid Hub in this process (PGlite) with demo members, an emulated scanner')
    .option('--port <n>', 'POS API port (default 7420; 0 picks a free one)')
    .option('--data <dir>', 'data directory (default ~/.tillid; with --demo a fresh temporary one)')
    .option('--members <n>', 'demo members of the demo hub', '1000')
    .option('--scanner <spec>', 'add a scanner for this run, e.g. serial:/dev/ttyACM0?baud=9600&suffix=cr or hid:0c2e:0b61 (repeatable)', collect, [])
    .option('--crm <url>', 'the CRM to sync with (enrols on first start with --enrol-code)')
    .option('--enrol-code <code>', 'one-time enrolment code from the store manager')
    // The first releases spelled it `--enroll-code`; scripts written then keep working.
    .addOption(new Option('--enroll-code <code>').hideHelp())
    .option('--accept-empty-cache', 'start with an empty member cache although this data directory shows one was lost (undelivered receipts in it stay lost)')
    .option('--browser', 'serve the cashier screen to a browser even where Electron is installed')
    .action(async (options: StartOptions) => {
      let scanners: DeviceConfig[];
      try {
        scanners = options.scanner.map((spec) => parseScannerSpec(spec));
      } catch (error) {
        throw new Error(`--scanner: ${error instanceof Error ? error.message : String(error)}`);
      }
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new Error('--port must be a whole number from 0 to 65535');
      // Where Electron is installed the till opens in its window; the shell runs this same core in its main process.
      if (!options.browser && options.scanner.length === 0 && !options.crm) {
        const args = [...(options.demo ? ['--demo'] : []), ...(options.data ? ['--data', options.data] : []), ...(port !== undefined ? ['--port', String(port)] : []), ...(options.acceptEmptyCache ? ['--accept-empty-cache'] : [])];
        const shell = await launchElectronShell(args);
        if (shell) {
          await new Promise<void>((resolve) => shell.once('exit', () => resolve()));
          return;
        }
      }
      const members = Number(options.members);
      if (!Number.isInteger(members) || members < 0 || members > 10_000_000) throw new Error('--members must be a whole number from 0 to 10,000,000');
      // Signals are handled from before the start, not after it: Node's default action ends the process without an
      // exit event, which would leave a demo's temporary directory behind. Stopped while starting, it just exits.
      const started: { till?: RunningTillProcess } = {};
      const stop = (signal: NodeJS.Signals): void => {
        if (!started.till) process.exit(signal === 'SIGINT' ? 130 : 143); // 128 + the signal's number, as a shell reports it
        void started.till.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      started.till = await runTill({
        demo: options.demo ?? false,
        dataDir: options.data === undefined ? undefined : resolveDataDirectory(options.data),
        port,
        members,
        scanners,
        renderer: {},
        crmUrl: options.crm,
        enrolCode: options.enrolCode ?? options.enrollCode,
        acceptEmptyCache: options.acceptEmptyCache ?? false,
        logger: (dataDir: string) => createLogger({ logDir: path.join(dataDir, 'logs'), consoleLevel: 'warn' }),
      });
    });
}
