import { nextScanOutcome } from '../compose/nextScanOutcome';
import { scanOutcomeLine } from '../compose/scanOutcomeLine';
import { readApiToken } from '../till/apiToken';
import { findRunningTill } from './commands/sync';
import { openTillEventStream } from './tillEventStream';

/** How long a scan waits for the till's answer before the line says it got none (a scan takes milliseconds). */
const SCAN_ANSWER_MS = 5_000;

export interface ScanFeedback {
  /** Sends one label with `send`, then writes a line: sent, and what the till made of it when a till answers. */
  around(label: string, send: () => Promise<void>): Promise<void>;
}

/**
 * Feedback for `tillid emulate serial` at a terminal: the till on `dataDir` (its token and port file) is asked for its
 * events around each scan, and the `scan` event from a serial scanner with the same label length is taken as the answer.
 * The label itself is never printed whole (scanOutcomeLine masks it).
 */
export function scanFeedback(dataDir: string, write: (text: string) => void): ScanFeedback {
  let saidNoTill = false;
  return {
    async around(label, send) {
      const till = await findRunningTill(dataDir);
      const token = readApiToken(dataDir);
      const stream = till && token ? await openTillEventStream(till.baseUrl, token) : null;
      try {
        const outcome = stream
          ? nextScanOutcome(stream.subscribe, (scan) => scan.transport === 'serial' && (scan.label === label || scan.labelLength === label.length), SCAN_ANSWER_MS)
          : null;
        await send();
        if (outcome) {
          write(scanOutcomeLine(label, (await outcome) ?? { unanswered: `the till on ${dataDir} did not say what it made of it within ${SCAN_ANSWER_MS / 1000} s` }));
          return;
        }
        write(scanOutcomeLine(label, { unanswered: saidNoTill ? 'no till answers' : `no till answers on ${dataDir} (--data DIR: the till's data directory), so what it made of the scan is not shown` }));
        saidNoTill = true;
      } finally {
        stream?.close();
      }
    },
  };
}
