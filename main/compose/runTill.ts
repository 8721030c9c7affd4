import readline from 'node:readline';
import type { CrmEmulator } from '../../sync/emulator';
import { scanWithDemoScanner } from '../till/demoScanner';
import { startTill, type RunningTill, type StartTillOptions } from './startTill';
import { printTillBanner } from './tillBanner';

export interface RunTillOptions extends StartTillOptions {
  /** Where the banner goes (stdout by default). */
  print?: (text: string) => void;
  /** Read scans from stdin in the demo (default true when stdin is a terminal or a pipe). */
  readStdin?: boolean;
}

export interface RunningTillProcess {
  running: RunningTill;
  crm: CrmEmulator | undefined;
  stop(): Promise<void>;
}

/** `tillid start`: the till (startTill, the one composition), then what a terminal adds: the banner, and in the demo scans typed on stdin. */
export async function runTill(options: RunTillOptions): Promise<RunningTillProcess> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const running = await startTill(options);
  const { demoScanner } = running;
  printTillBanner({ print, running, dataDir: running.dataDir, crm: running.crm, demoScanner });

  let rl: readline.Interface | undefined;
  if (demoScanner && (options.readStdin ?? true)) {
    rl = readline.createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (line) => {
      const label = line.trim();
      if (label) void scanWithDemoScanner(running.devices, demoScanner, label).catch((error: unknown) => print(`scan failed: ${(error as Error).message}\n`));
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      rl?.close();
      await running.close();
    })());
  return { running, crm: running.crm, stop };
}
