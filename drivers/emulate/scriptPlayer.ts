import { hexToBytes } from '../scan/hex';
import type { ScanStep, ScriptStep } from './scanScript';

/** Where a script's steps land: an emulated serial port or an emulated HID device. */
export interface ScriptTarget {
  scan(step: ScanStep, signal: AbortSignal): Promise<void>;
  garbage(bytes: Uint8Array): Promise<void>;
  raw(kind: 'bytes' | 'report', bytes: Uint8Array): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
}

export interface PlayOptions {
  signal?: AbortSignal;
  /** Called after each scan is sent (for counters and `--verbose`). Never log the step's data. */
  onStep?: (step: ScriptStep, index: number) => void;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Plays steps in order, honouring delays, until the end or until `signal` aborts. */
export async function playScript(steps: readonly ScriptStep[], target: ScriptTarget, options: PlayOptions = {}): Promise<void> {
  const signal = options.signal ?? new AbortController().signal;
  for (const [index, step] of steps.entries()) {
    if (signal.aborted) return;
    if (step.type === 'meta') continue;
    if (step.type === 'wait') {
      await sleep(step.ms, signal);
      continue;
    }
    await sleep(step.delayMs, signal);
    if (signal.aborted) return;
    switch (step.type) {
      case 'scan':
        for (let n = 0; n < step.repeat && !signal.aborted; n += 1) {
          if (n > 0) await sleep(step.delayMs, signal);
          await target.scan(step, signal);
        }
        break;
      case 'garbage':
        await target.garbage(step.hex !== undefined ? hexToBytes(step.hex) : new TextEncoder().encode(step.text ?? ''));
        break;
      case 'bytes':
      case 'report':
        await target.raw(step.type, hexToBytes(step.hex));
        break;
      case 'unplug':
        await target.unplug();
        break;
      case 'replug':
        await target.replug();
        break;
    }
    options.onStep?.(step, index);
  }
}
