import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PTY_RELAY_PY } from './ptyRelayScript';
import { parseRelayReport, TillOpenDetector } from './tillOpenDetector';

/**
 * See TillOpenDetectorOptions.settleMs. Generous: serialport's flush follows its open within a millisecond, but on a
 * loaded machine the thread doing it can wait its turn, and a scan sent before the flush is lost.
 */
const TILL_SETTLE_MS = 1000;

/** One pseudo-terminal: the till opens `path` like a serial port; we write to its master. */
export interface PseudoTerminal {
  readonly path: string;
  /** Resolves once the bytes are handed to the relay. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the master once what was written has gone through (an unplug, as the till sees it). */
  close(): Promise<void>;
  readonly closed: boolean;
  /** Bytes the till wrote to the port. */
  onOutput(listener: (bytes: Buffer) => void): void;
  /** A till opened the port (and flushed it): from now on what we send is read. Again after each reopen. */
  onTillOpened(listener: () => void): void;
  /** Whether a till has the port open and ready right now. */
  readonly tillReady: boolean;
}

export class PseudoTerminalError extends Error {
  override name = 'PseudoTerminalError';
}

/** Allocates a pty through python3 (see ptyRelayScript.ts). Rejects with a clear error when python3 is missing. */
export function openPseudoTerminal(options: { python?: string; timeoutMs?: number } = {}): Promise<PseudoTerminal> {
  const python = options.python ?? process.env.TILLID_PYTHON ?? 'python3';
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(python, ['-c', PTY_RELAY_PY], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      reject(new PseudoTerminalError(`cannot start ${python} to allocate a pseudo-terminal: ${String(error)}`));
      return;
    }
    let stderr = '';
    let reports = '';
    let pending = Buffer.alloc(0);
    let path: string | undefined;
    let exited = false;
    const outputListeners: Array<(bytes: Buffer) => void> = [];
    const openedListeners: Array<() => void> = [];
    const exitWaiters: Array<() => void> = [];
    const detector = new TillOpenDetector({
      settleMs: TILL_SETTLE_MS,
      onReady: () => {
        for (const listener of openedListeners) listener();
      },
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new PseudoTerminalError(`${python} did not report a pseudo-terminal within ${options.timeoutMs ?? 5000} ms`));
    }, options.timeoutMs ?? 5000);

    child.stdin.on('error', () => undefined); // EPIPE after an unplug is expected
    // stderr carries the relay's one-word reports, or python's own error text if it failed.
    child.stderr.on('data', (chunk: Buffer) => {
      reports += chunk.toString('utf8');
      const lines = reports.split('\n');
      reports = lines.pop() ?? '';
      for (const line of lines) {
        const report = parseRelayReport(line);
        if (report !== undefined) detector.report(report);
        else if (stderr.length < 4000) stderr += `${line}\n`;
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PseudoTerminalError(`cannot run ${python} to allocate a pseudo-terminal (${error.message}); install python3 or set TILLID_PYTHON`));
    });
    child.on('exit', () => {
      exited = true;
      detector.report('closed');
      detector.dispose();
      stderr += reports;
      clearTimeout(timer);
      for (const waiter of exitWaiters.splice(0)) waiter();
      if (path === undefined) reject(new PseudoTerminalError(`${python} exited before opening a pseudo-terminal: ${stderr.trim().slice(0, 300)}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (path !== undefined) {
        for (const listener of outputListeners) listener(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const newline = pending.indexOf(0x0a);
      if (newline < 0) return;
      path = pending.subarray(0, newline).toString('utf8').trim();
      const rest = pending.subarray(newline + 1);
      clearTimeout(timer);
      const terminal: PseudoTerminal = {
        path,
        get closed() {
          return exited;
        },
        get tillReady() {
          return detector.ready;
        },
        write: (bytes) =>
          new Promise((done) => {
            if (exited) {
              done();
              return;
            }
            child.stdin.write(bytes, () => done());
          }),
        close: () =>
          new Promise((done) => {
            if (exited) {
              done();
              return;
            }
            exitWaiters.push(done);
            // End of input lets the relay pass on what was already written, then it closes the master and exits.
            child.stdin.end();
            const force = setTimeout(() => child.kill('SIGTERM'), 1000);
            exitWaiters.push(() => clearTimeout(force));
          }),
        onOutput: (listener) => {
          outputListeners.push(listener);
        },
        onTillOpened: (listener) => {
          openedListeners.push(listener);
        },
      };
      resolve(terminal);
      if (rest.length > 0) for (const listener of outputListeners) listener(rest);
    });
  });
}
