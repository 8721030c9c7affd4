import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import pino from 'pino';
import { EmulatedHidDeviceConfigSchema, HidEmulationModeSchema } from '../../../drivers/deviceConfig';
import { createDeviceManager } from '../../../drivers/deviceManager';
import { EmulatedHidScanner } from '../../../drivers/emulate/emulatedHidScanner';
import { hidScriptTarget } from '../../../drivers/emulate/hidScriptTarget';
import { parseScript, type ScriptStep } from '../../../drivers/emulate/scanScript';
import { playScript } from '../../../drivers/emulate/scriptPlayer';
import { SerialEmulator } from '../../../drivers/emulate/serialEmulator';
import { serialScriptTarget } from '../../../drivers/emulate/serialScriptTarget';
import { SerialPrefixSchema, SerialSuffixSchema } from '../../../drivers/framing/suffixes';
import { createEmulatedHid } from '../../../drivers/hid/emulatedHidBackend';
import { hidPosFormatFor } from '../../../drivers/hid/hidDecoderForConfig';
import { LayoutIdSchema } from '../../../drivers/keyboard/keyboardLayout';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';
import { TextEncodingSchema } from '../../../drivers/scan/decodeLabelBytes';
import type { ScanEvent } from '../../../drivers/scanEvent';
import { resolveDataDirectory } from '../../../sync/cache/dataDirectory';
import { scanFeedback } from '../scanFeedback';

interface CommonOptions {
  scan: string[];
  script?: string;
  aim?: string;
  byteDelay: string;
}

interface SerialOptions extends CommonOptions {
  link?: string;
  suffix: string;
  prefix: string;
  encoding: string;
  wait: boolean;
  exit?: boolean;
  data?: string;
}

interface HidOptions extends CommonOptions {
  mode: string;
  layout: string;
  decodeLayout?: string;
  reports?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseOption<T>(name: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`--${name}: "${String(value)}" is not a valid value`);
  return parsed.data;
}

function delayOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 10_000) throw new Error('--byte-delay must be a number of milliseconds from 0 to 10000');
  return n;
}

/** Scans from --scan, then --script; with neither, one scan per line of stdin. */
async function* stepsFrom(options: CommonOptions, signal?: AbortSignal): AsyncGenerator<ScriptStep> {
  const aim = options.aim ? { aim: options.aim } : {};
  for (const data of options.scan) yield { type: 'scan', data, repeat: 1, delayMs: 0, ...aim };
  if (options.script) for (const step of parseScript(await readFile(options.script, 'utf8'), options.script)) yield step;
  if (options.scan.length > 0 || options.script) return;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  signal?.addEventListener('abort', () => lines.close(), { once: true });
  for await (const line of lines) if (line.length > 0) yield { type: 'scan', data: line, repeat: 1, delayMs: 0, ...aim };
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function emulateSerial(options: SerialOptions): Promise<void> {
  const defaults = {
    suffix: parseOption('suffix', SerialSuffixSchema, options.suffix),
    prefix: parseOption('prefix', SerialPrefixSchema, options.prefix),
    encoding: parseOption('encoding', TextEncodingSchema, options.encoding),
    byteDelayMs: delayOption(options.byteDelay),
    reopenTimeoutMs: options.wait ? 60_000 : 0,
  };
  const emulator = new SerialEmulator({ link: options.link });
  const stopped = new AbortController();
  const onSignal = (): void => stopped.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const devicePath = await emulator.plug();
    process.stdout.write(`Emulated serial scanner on ${emulator.devicePath}${options.link ? ` (link ${devicePath})` : ''}\n`);
    process.stdout.write(`Use it with: tillid start --scanner 'serial:${devicePath}?suffix=${defaults.suffix}${defaults.prefix === 'none' ? '' : `&prefix=${defaults.prefix}`}'\n`);
    const interactive = options.scan.length === 0 && !options.script;
    // Before each step, not only the first: a till that restarts closes the port, and what is sent meanwhile is lost.
    const untilTillReady = async (): Promise<void> => {
      // An unplugged port (a script's unplug step) cannot be opened: its replug step does its own waiting.
      if (!options.wait || !emulator.plugged || emulator.tillReady) return;
      process.stderr.write('Waiting for a till to open the port (Ctrl-C to stop)…\n');
      if (await emulator.waitForTill(24 * 3600_000, stopped.signal)) {
        process.stderr.write(interactive ? 'A till has the port open: type a label and press Enter to scan it.\n' : 'A till has the port open.\n');
      }
    };
    await untilTillReady();
    const target = serialScriptTarget(emulator, defaults);
    // A line per label typed or given with --scan (a script says what it sends itself): sent, and what the till made of it.
    const feedback = options.script ? null : scanFeedback(resolveDataDirectory(options.data), (text) => process.stderr.write(text));
    let sent = 0;
    for await (const step of stepsFrom(options, stopped.signal)) {
      if (stopped.signal.aborted) break;
      await untilTillReady();
      if (stopped.signal.aborted) break;
      const play = (): Promise<void> => playScript([step], target, { signal: stopped.signal, onStep: (s) => { if (s.type === 'scan') sent += s.repeat; } });
      if (feedback && step.type === 'scan') await feedback.around(step.data, play);
      else await play();
    }
    process.stderr.write(`Sent ${sent} scan${sent === 1 ? '' : 's'}.\n`);
    if (!options.exit && !stopped.signal.aborted) {
      process.stderr.write('Keeping the port open (Ctrl-C to unplug and exit)…\n');
      await waitForSignal();
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await emulator.stop();
  }
}

/**
 * An emulated HID device lives on an in-process bus, so only a till in this process can open it: this
 * command runs the driver here and prints what the till would receive (and, with --reports, the reports).
 * To feed a running till, start it with `--scanner 'emulated-hid:NAME?mode=wedge&layout=sv&script=FILE'`.
 */
async function emulateHid(options: HidOptions): Promise<void> {
  const mode = parseOption('mode', HidEmulationModeSchema, options.mode);
  const layout = parseOption('layout', LayoutIdSchema, options.layout);
  const decodeLayout = parseOption('decode-layout', LayoutIdSchema, options.decodeLayout ?? options.layout);
  const byteDelayMs = delayOption(options.byteDelay);
  const bus = createEmulatedHid();
  const config = EmulatedHidDeviceConfigSchema.parse({ type: 'emulated-hid', name: 'cli', mode, layout: decodeLayout, interKeyTimeoutMs: Math.max(500, byteDelayMs * 4) });
  const manager = createDeviceManager({ devices: [config], logger: pino({ level: 'silent' }), emulatedHid: bus });
  manager.on('scan', (scan: ScanEvent) => process.stdout.write(`${JSON.stringify({ scan })}\n`));
  manager.on('frame-error', (e) => process.stdout.write(`${JSON.stringify({ frameError: { code: e.code, discardedBytes: e.discardedBytes } })}\n`));
  const online = new Promise<void>((resolve) => manager.on('status', (s) => s.state === 'online' && resolve()));
  await manager.start();
  await online;
  const scanner = manager.device('emulated-hid:cli');
  if (!(scanner instanceof EmulatedHidScanner)) throw new Error('emulated HID device did not start');
  const device = scanner.device;
  if (options.reports) {
    const send = device.sendReport.bind(device);
    device.sendReport = (report: Uint8Array) => {
      process.stdout.write(`${JSON.stringify({ report: Buffer.from(report).toString('hex') })}\n`);
      send(report);
    };
  }
  const emulation = mode === 'pos' ? { mode: 'pos' as const, format: hidPosFormatFor(config) } : { mode: 'wedge' as const, layout: LAYOUTS[layout] };
  const target = hidScriptTarget(device, emulation, { byteDelayMs });
  try {
    for await (const step of stepsFrom(options)) await playScript([step], target);
    // Let the last reports reach the decoder (and a suffix-less wedge scan end by silence).
    await new Promise((resolve) => setTimeout(resolve, config.interKeyTimeoutMs + 50));
  } finally {
    await manager.stop();
  }
}

export function registerEmulateCommand(program: Command): void {
  const emulate = program.command('emulate').description('emulated scanners for integrators and tests');

  emulate
    .command('serial')
    .description('create a real pseudo-terminal that a till opens like a serial scanner, and send scans into it (needs python3)')
    .option('--link <path>', 'also make a stable symlink to the pty here (kept across unplug/replug)')
    .option('--scan <data>', 'send this label (repeatable); without --scan or --script, one scan per line of stdin', collect, [])
    .option('--script <file>', 'JSON-lines script: scans, framing, AIM, delays, garbage, unplug/replug (see docs/hardware.md)')
    .option('--suffix <suffix>', 'cr, lf, crlf, tab, etx or none', 'cr')
    .option('--prefix <prefix>', 'none or stx', 'none')
    .option('--aim <id>', 'AIM identifier before each --scan/stdin label, e.g. ]E0')
    .option('--encoding <encoding>', 'utf8 or latin1', 'utf8')
    .option('--byte-delay <ms>', 'pause between bytes (typing speed)', '0')
    .option('--no-wait', 'send at once instead of waiting for a till to open the port')
    .option('--exit', 'exit (unplug) once everything is sent instead of keeping the port open')
    .option('--data <dir>', "the till's data directory (default ~/.tillid): after each typed or --scan label, print what that till made of it")
    .action((options: SerialOptions) => emulateSerial(options));

  emulate
    .command('hid')
    .description('drive an emulated HID-POS or keyboard-wedge scanner through the real decoders and print what a till receives')
    .option('--mode <mode>', 'pos or wedge', 'pos')
    .option('--layout <layout>', 'keyboard layout the wedge scanner types in: us, sv, de, fr', 'us')
    .option('--decode-layout <layout>', 'layout the till decodes with (default: --layout); differ to see a wrong setting')
    .option('--scan <data>', 'send this label (repeatable); without --scan or --script, one scan per line of stdin', collect, [])
    .option('--script <file>', 'JSON-lines script (same format as emulate serial; `report` steps replay recorded reports)')
    .option('--aim <id>', 'AIM identifier for each --scan/stdin label, e.g. ]Q1')
    .option('--byte-delay <ms>', 'pause between reports (typing speed)', '0')
    .option('--reports', 'also print each report sent')
    .action((options: HidOptions) => emulateHid(options));
}
