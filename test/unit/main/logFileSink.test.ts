import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogFileSink } from '../../../main/logFileSink';

const line = (n: number): string => `${JSON.stringify({ level: 30, msg: `line ${n}` })}\n`;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the log file sink', () => {
  it('appends lines to its file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-log-'));
    try {
      const sink = createLogFileSink(path.join(dir, 'logs', 'tillid.log'));
      for (let n = 0; n < 3; n += 1) sink.write(line(n));
      await settle(100);
      expect(readFileSync(path.join(dir, 'logs', 'tillid.log'), 'utf8')).toBe(line(0) + line(1) + line(2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a device that is always full (/dev/full: ENOSPC), drops and counts lines, never throwing, blocking or erroring', async () => {
    const sink = createLogFileSink('/dev/full', { retryAfterMs: 20 });
    let errors = 0;
    sink.on('error', () => (errors += 1));
    // Every write is taken at once: the writer's callback never waits for the disk.
    let taken = 0;
    for (let n = 0; n < 1_000; n += 1) sink.write(line(n), () => (taken += 1));
    await settle(150);
    sink.write(line(1_000));
    await settle(100);
    expect(taken).toBe(1_000);
    expect(sink.droppedLines()).toBe(1_001);
    expect(errors).toBe(0);
    await new Promise<void>((resolve) => sink.end(resolve));
  });

  it('bounds what it holds while the file is slow or failing', () => {
    const sink = createLogFileSink('/dev/full', { maxQueuedBytes: 100, retryAfterMs: 60_000 });
    for (let n = 0; n < 50; n += 1) sink.write(line(n));
    // Beyond 100 bytes queued, lines are counted as dropped at once rather than held.
    expect(sink.droppedLines()).toBeGreaterThan(40);
    sink.destroy();
  });
});
