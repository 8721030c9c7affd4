import type { OpenOutcome, PortBinding, PortSinks } from '../../../../drivers/device/portBinding';

/**
 * A port binding with no hardware behind it, as serialport's binding-mock: a test plugs and unplugs the port, makes
 * the next open fail, and sends bytes, and sees exactly what the device life cycle does about it.
 */
export class MockPortBinding implements PortBinding {
  readonly rawKind = 'bytes' as const;
  readonly where = 'mock:0';
  readonly texts = {
    idle: (at: string) => `Mock scanner ${at}`,
    connecting: () => 'Opening mock scanner',
    online: (at: string) => `Mock scanner on ${at}`,
    retrying: (state: 'offline' | 'error', message: string) => `Mock scanner ${state} (${message})`,
    next: (delayMs: number) => `reopening mock:0 in ${delayMs} ms`,
  };
  plugged = true;
  /** The next opens fail with this message, as a port that is there but will not open. */
  failWith: string | undefined;
  opens = 0;
  closes = 0;
  /** Open attempts still in flight wait for `releaseOpens` while true, to test a stop during an open. */
  holdOpens = false;
  private sinks: PortSinks | undefined;
  private held: Array<() => void> = [];

  async open(sinks: PortSinks): Promise<OpenOutcome> {
    this.opens += 1;
    if (this.holdOpens) await new Promise<void>((resolve) => this.held.push(resolve));
    if (!this.plugged) return { kind: 'failed', state: 'offline', where: this.where, message: 'not connected' };
    if (this.failWith) return { kind: 'failed', state: 'error', where: `open ${this.where}`, message: this.failWith, hint: ' (a hint)' };
    this.sinks = sinks;
    return {
      kind: 'open',
      port: {
        close: async () => {
          this.closes += 1;
          if (this.sinks === sinks) this.sinks = undefined;
        },
      },
    };
  }

  releaseOpens(): void {
    this.holdOpens = false;
    for (const release of this.held.splice(0)) release();
  }

  get isOpen(): boolean {
    return this.sinks !== undefined;
  }

  send(text: string): void {
    if (!this.sinks) throw new Error('mock port: nothing is open');
    this.sinks.data(new TextEncoder().encode(text));
  }

  unplug(): void {
    this.plugged = false;
    const sinks = this.sinks;
    this.sinks = undefined;
    sinks?.gone('unplugged');
  }

  replug(): void {
    this.plugged = true;
  }
}
