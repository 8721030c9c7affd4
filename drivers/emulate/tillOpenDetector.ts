/** What the pty relay reports on stderr, one per line (see ptyRelayScript.ts). */
export type RelayReport = 'open' | 'closed' | 'flush';

export function parseRelayReport(line: string): RelayReport | undefined {
  return line === 'open' || line === 'closed' || line === 'flush' ? line : undefined;
}

export interface TillOpenDetectorOptions {
  /**
   * How long after the port is opened to wait for the till's flush before sending anyway: serialport flushes
   * right after opening; a till that never flushes (serialport at a non-standard baud rate) is ready by then too.
   */
  settleMs: number;
  onReady: () => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Decides when bytes sent into the pty will be read by a till: once a till has the port open and has flushed
 * it (what it would otherwise throw away), or `settleMs` after it opened it without flushing. A till that
 * closes the port (an unplug, a restart) makes it not ready again until the next open.
 */
export class TillOpenDetector {
  private open = false;
  private readyNow = false;
  private timer: unknown;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: TillOpenDetectorOptions) {
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get ready(): boolean {
    return this.readyNow;
  }

  report(report: RelayReport): void {
    switch (report) {
      case 'open':
        if (this.open) return;
        this.open = true;
        this.timer = this.setTimer(() => this.becomeReady(), this.options.settleMs);
        return;
      case 'flush':
        if (this.open) this.becomeReady();
        return;
      case 'closed':
        this.open = false;
        this.readyNow = false;
        this.stopTimer();
        return;
    }
  }

  /** Stops the settle timer (the pty is gone). */
  dispose(): void {
    this.stopTimer();
  }

  private becomeReady(): void {
    this.stopTimer();
    if (this.readyNow || !this.open) return;
    this.readyNow = true;
    this.options.onReady();
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }
}
