import readline from 'node:readline';
import { defaultDeviceId } from '../../drivers/deviceConfig';
import { scanWithDemoScanner } from '../till/demoScanner';
import { nextScanOutcome } from './nextScanOutcome';
import { scanOutcomeLine } from './scanOutcomeLine';
import { startTill, type RunningTill, type StartTillOptions } from './startTill';
import type { DemoHub } from './demoHub';
import { printTillBanner } from './tillBanner';

/** How long a typed scan waits for the till's answer before the terminal says it got none (a scan takes milliseconds). */
const SCAN_ANSWER_MS = 5_000;

export interface RunTillOptions extends StartTillOptions {
  /** Where the banner goes (stdout by default). */
  print?: (text: string) => void;
  /** Read scans from stdin in the demo (default true when stdin is a terminal or a pipe). */
  readStdin?: boolean;
}

export interface RunningTillProcess {
  running: RunningTill;
  /** The demo's hub (in this process). */
  demoHub: DemoHub | undefined;
  stop(): Promise<void>;
}

/** `tillid start`: the till (startTill, the one composition), then what a terminal adds: the banner, and in the demo scans typed on stdin. */
export async function runTill(options: RunTillOptions): Promise<RunningTillProcess> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  if (options.demo) {
    // PGlite sets up its database (initdb, in WebAssembly) at a demo's first start: seconds of silence otherwise.
    print(`Starting the demo: the Tillid Hub on an embedded PostgreSQL (PGlite) with ${(options.members ?? 1000).toLocaleString('en')} demo members, then the till (a first start takes a few seconds)…\n`);
  }
  const running = await startTill(options);
  const { demoScanner } = running;
  printTillBanner({ print, running, dataDir: running.dataDir, demoHub: running.demoHub, demoScanner });

  let rl: readline.Interface | undefined;
  if (demoScanner && (options.readStdin ?? true)) {
    rl = readline.createInterface({ input: process.stdin, terminal: false });
    const deviceId = defaultDeviceId(demoScanner);
    // One at a time, so each line's answer is the till's next scan from this scanner (a pasted block keeps its order).
    let previous = Promise.resolve();
    rl.on('line', (line) => {
      const label = line.trim();
      if (!label) return;
      previous = previous.then(async () => {
        const outcome = nextScanOutcome((listener) => running.till.bus.subscribe(listener), (scan) => scan.deviceId === deviceId, SCAN_ANSWER_MS);
        try {
          await scanWithDemoScanner(running.devices, demoScanner, label);
        } catch (error) {
          print(`Scan failed: ${(error as Error).message}\n`);
          return;
        }
        print(scanOutcomeLine(label, (await outcome) ?? { unanswered: `the till did not say what it made of it within ${SCAN_ANSWER_MS / 1000} s` }));
      });
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      rl?.close();
      await running.close();
    })());
  return { running, demoHub: running.demoHub, stop };
}
