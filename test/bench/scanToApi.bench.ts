// One scan end to end, as the POS sees it: from the last byte written to the demo's emulated serial scanner (a real
// pty opened by serialport) to the `identified` event arriving on GET /api/v1/events over loopback HTTP.
// Target (issue 3): p99 ≤ 10 ms (the demo scanner uses CR framing, so no inter-byte timeout is added).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { runTill } from '../../main/till/runTill';
import { demoScannerConfig, scanWithDemoScanner } from '../../main/till/demoScanner';
import { percentiles } from './support/stats';

export const name = 'scanToApi';

const SCANS = 1000;

export async function run(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tillid-scan-bench-'));
  const demo = await runTill({
    demo: true, dataDir, port: 0, members: 1000, scanners: [], crmUrl: undefined, enrolCode: undefined,
    makeLogger: () => pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })),
    print: () => undefined, readStdin: false,
  });
  const scanner = demoScannerConfig(dataDir);
  const cards = Array.from({ length: 1000 }, (_, i) => demo.crm!.demoMember(i).cardNumber).filter((c): c is string => c !== null);
  let onIdentified: (() => void) | undefined;
  const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(`${demo.running.url}/api/v1/events`, { headers: { authorization: `Bearer ${demo.running.token}` } }, resolve).on('error', reject);
  });
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (event.includes('event: identified')) onIdentified?.();
    }
  });
  const samples: number[] = [];
  let lost = 0;
  try {
    for (let i = 0; i < SCANS; i += 1) {
      const arrived = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 2000);
        onIdentified = () => {
          clearTimeout(timer);
          resolve(performance.now());
        };
      });
      // Measured from before the write (the relay to the pty is included), so the figure errs on the slow side.
      const writtenAt = performance.now();
      await scanWithDemoScanner(demo.running.devices, scanner, cards[i % cards.length]!);
      const at = await arrived;
      if (at === null) lost += 1;
      else samples.push(at - writtenAt);
    }
  } finally {
    stream.destroy();
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { scans: SCANS, lost, ms: percentiles(samples), target: 'p99 ≤ 10 ms from the last byte to the identified event' };
}
