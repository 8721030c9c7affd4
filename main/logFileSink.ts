import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

export interface LogFileSinkOptions {
  /** Lines held while the file cannot be written; past this they are counted and dropped (default 1 MiB). */
  maxQueuedBytes?: number;
  /** After a failed write, wait this long before trying the file again (default 5 s). */
  retryAfterMs?: number;
}

export interface LogFileSink extends Writable {
  /** Lines dropped since the file last took a write. */
  droppedLines(): number;
}

/**
 * Appends log lines to a file and never blocks or fails the process that logs.
 *
 * pino's own file destination (sonic-boom) emits 'error' on ENOSPC and, at exit, flushes synchronously in a loop that
 * retries forever (Atomics.wait): on a full disk the till then neither served nor exited. Here every write is
 * asynchronous, nothing is flushed synchronously, and a failing file costs log lines, counted: when the file takes
 * writes again (space freed), the first line written says how many were lost.
 */
export function createLogFileSink(file: string, options: LogFileSinkOptions = {}): LogFileSink {
  const maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  let queue: Buffer[] = [];
  let queuedBytes = 0;
  let dropped = 0;
  let lastError: string | undefined;
  let writing = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let fd: number | undefined;
  let closed = false;

  const fail = (error: NodeJS.ErrnoException): void => {
    dropped += queue.reduce((lines, chunk) => lines + countLines(chunk), 0);
    lastError = error.code ?? error.message;
    queue = [];
    queuedBytes = 0;
    if (fd !== undefined) {
      fs.close(fd, () => undefined);
      fd = undefined;
    }
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      pump();
    }, retryAfterMs);
    // A log file must never keep the process alive.
    retryTimer.unref();
  };

  const pump = (): void => {
    if (writing || retryTimer || closed || queue.length === 0) return;
    writing = true;
    const open = (then: (handle: number) => void): void => {
      if (fd !== undefined) return then(fd);
      fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 }, () => {
        fs.open(file, 'a', 0o600, (error, handle) => {
          if (error) {
            writing = false;
            fail(error);
            return;
          }
          fd = handle;
          then(handle);
        });
      });
    };
    open((handle) => {
      const lostBefore = dropped;
      const lost = lostBefore > 0 ? [Buffer.from(droppedNotice(lostBefore, lastError))] : [];
      const chunk = Buffer.concat([...lost, ...queue]);
      const taken = queue.length;
      writeAll(handle, chunk, (error) => {
        writing = false;
        if (error) {
          fail(error);
          return;
        }
        // Lines dropped while this write was under way are told next time.
        dropped -= lostBefore;
        queue = queue.slice(taken);
        queuedBytes = queue.reduce((bytes, buffer) => bytes + buffer.length, 0);
        pump();
      });
    });
  };

  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (queuedBytes + buffer.length > maxQueuedBytes) {
        dropped += countLines(buffer);
      } else {
        queue.push(buffer);
        queuedBytes += buffer.length;
      }
      pump();
      // Never backpressure the logger: a slow or failing disk costs lines, not the caller's time.
      callback();
    },
    final(callback) {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (fd !== undefined) fs.close(fd, () => callback());
      else callback();
    },
  }) as LogFileSink;
  sink.droppedLines = () => dropped;
  return sink;
}

function writeAll(fd: number, chunk: Buffer, done: (error: NodeJS.ErrnoException | null) => void): void {
  fs.write(fd, chunk, 0, chunk.length, null, (error, written) => {
    if (error) return done(error);
    if (written < chunk.length) return writeAll(fd, chunk.subarray(written), done);
    done(null);
  });
}

function countLines(chunk: Buffer): number {
  let lines = 0;
  for (const byte of chunk) if (byte === 0x0a) lines += 1;
  return Math.max(lines, 1);
}

function droppedNotice(lines: number, reason: string | undefined): string {
  return `${JSON.stringify({ level: 40, time: Date.now(), app: 'tillid', dropped: lines, reason, msg: 'log lines were lost while the log file could not be written' })}\n`;
}
