import type { Command } from 'commander';
import pino from 'pino';
import { parseScannerSpec } from '../../../drivers/scannerSpec';
import { recordDevice } from '../../../drivers/record/recordDevice';

interface RecordOptions {
  scanner: string;
  out: string;
  count?: string;
  duration?: string;
  maxGap: string;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

export function registerRecordCommand(program: Command): void {
  program
    .command('record')
    .description("capture a real scanner's raw bytes or HID reports, with timing, as an emulator script")
    .requiredOption('--scanner <spec>', 'the scanner, as for tillid start: serial:/dev/ttyACM0?suffix=cr, hid:0c2e:0b61, …')
    .requiredOption('--out <file>', 'script file to write (JSON lines; it contains the scanned data: handle it with care)')
    .option('--count <n>', 'stop after this many scans')
    .option('--duration <seconds>', 'stop after this long')
    .option('--max-gap <ms>', 'shorten pauses longer than this on replay', '1000')
    .action(async (options: RecordOptions) => {
      const config = parseScannerSpec(options.scanner);
      const maxScans = positive('count', options.count);
      const duration = positive('duration', options.duration);
      const maxGapMs = positive('max-gap', options.maxGap) ?? 1000;
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      process.stderr.write(`Recording ${options.scanner} to ${options.out}: scan now${maxScans ? ` (${maxScans} scans)` : ''}; Ctrl-C to stop.\n`);
      const summary = await recordDevice({
        config,
        out: options.out,
        logger: pino({ level: 'silent' }),
        maxGapMs,
        signal: stop.signal,
        ...(maxScans !== undefined ? { maxScans } : {}),
        ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
        onStatus: (s) => process.stderr.write(`${s.state}: ${s.description}${s.error ? ` (${s.error.message}; ${s.error.next})` : ''}\n`),
        onScan: (n) => process.stderr.write(`scan ${n}\n`),
      });
      const replay =
        config.type === 'hid-wedge'
          ? `tillid emulate hid --mode wedge --layout ${config.layout} --script ${options.out}`
          : config.type === 'hid-pos'
            ? `tillid emulate hid --mode pos --script ${options.out}`
            : `tillid emulate serial --script ${options.out}`;
      process.stderr.write(`Recorded ${summary.chunks} chunk${summary.chunks === 1 ? '' : 's'}, ${summary.scans} scan${summary.scans === 1 ? '' : 's'}. Replay: ${replay}\n`);
    });
}
