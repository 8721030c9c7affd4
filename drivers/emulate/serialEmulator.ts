import { randomUUID } from 'node:crypto';
import { lstat, readlink, rename, symlink, unlink } from 'node:fs/promises';
import { openPseudoTerminal, type PseudoTerminal } from './pseudoTerminal';

/**
 * An emulated serial scanner: a real pseudo-terminal the till opens with serialport, with a stable symlink
 * (`link`) that survives unplug/replug. Unplug closes the pty; replug creates a new one and re-points the link,
 * just as udev re-creates /dev/ttyACM0 when a scanner comes back.
 */
export class SerialEmulator {
  private terminal: PseudoTerminal | undefined;
  private readonly outputListeners: Array<(bytes: Buffer) => void> = [];
  private tillOpenedWaiters: Array<() => void> = [];

  constructor(private readonly options: { link?: string | undefined; python?: string } = {}) {}

  /** The pty's own path (changes on every replug). */
  get devicePath(): string | undefined {
    return this.terminal?.path;
  }

  /** What the till should open: the link if one was asked for, else the pty. */
  get path(): string | undefined {
    return this.options.link ?? this.terminal?.path;
  }

  get plugged(): boolean {
    return this.terminal !== undefined && !this.terminal.closed;
  }

  onOutput(listener: (bytes: Buffer) => void): void {
    this.outputListeners.push(listener);
  }

  async plug(): Promise<string> {
    if (this.plugged) return this.path!;
    const terminal = await openPseudoTerminal(this.options.python ? { python: this.options.python } : {});
    terminal.onOutput((bytes) => {
      for (const listener of this.outputListeners) listener(bytes);
    });
    terminal.onTillOpened(() => {
      if (this.terminal !== terminal) return;
      for (const waiter of this.tillOpenedWaiters.splice(0)) waiter();
    });
    this.terminal = terminal;
    if (this.options.link) await pointLink(this.options.link, terminal.path);
    return this.path!;
  }

  /** Removes the link (as udev removes /dev/ttyACM0), then closes the pty master. */
  async unplug(): Promise<void> {
    const terminal = this.terminal;
    this.terminal = undefined;
    if (!terminal) return;
    if (this.options.link) await removeLinkTo(this.options.link, terminal.path);
    await terminal.close();
  }

  /** Whether a till has the current pty open (see TillOpenDetector): what is sent now is read. */
  get tillReady(): boolean {
    return this.terminal?.tillReady ?? false;
  }

  /**
   * Resolves once a till has the current pty open, or after `timeoutMs` (false then). Bytes sent earlier
   * would be flushed away by the till's open, as with a real scanner.
   */
  waitForTill(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.tillReady) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (opened: boolean): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.tillOpenedWaiters = this.tillOpenedWaiters.filter((w) => w !== waiter);
        resolve(opened);
      };
      const waiter = (): void => done(true);
      const aborted = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', aborted, { once: true });
      this.tillOpenedWaiters.push(waiter);
    });
  }

  async replug(): Promise<string> {
    await this.unplug();
    return this.plug();
  }

  /** Sends bytes; with `byteDelayMs` one byte at a time, as a slow scanner (or a 9600-baud line) would. */
  async write(bytes: Uint8Array, byteDelayMs = 0, signal?: AbortSignal): Promise<void> {
    if (byteDelayMs <= 0) {
      await this.terminal?.write(bytes);
      return;
    }
    for (let i = 0; i < bytes.length; i += 1) {
      if (signal?.aborted) return;
      await this.terminal?.write(bytes.subarray(i, i + 1));
      if (i < bytes.length - 1) await new Promise((resolve) => setTimeout(resolve, byteDelayMs));
    }
  }

  async stop(): Promise<void> {
    await this.unplug();
  }
}

async function removeLinkTo(link: string, target: string): Promise<void> {
  try {
    if ((await readlink(link)) === target) await unlink(link);
  } catch {
    // already gone, or not a link we made
  }
}

/** Atomically (re)points a symlink, so the till never sees it missing during a replug. */
async function pointLink(link: string, target: string): Promise<void> {
  const temp = `${link}.${randomUUID().slice(0, 8)}.tmp`;
  await symlink(target, temp);
  try {
    const existing = await lstat(link).catch(() => undefined);
    if (existing && !existing.isSymbolicLink()) throw new Error(`${link} exists and is not a symlink; refusing to replace it`);
    await rename(temp, link);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
