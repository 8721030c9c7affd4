import type { Framer, FramerOutput } from './framerOutput';

/**
 * Frames end when the line goes quiet (serialport's inter-byte timeout, without an unbounded buffer):
 * for scanners configured with no suffix. An overlong burst is reported once and dropped until silence.
 */
export class SilenceFramer implements Framer {
  private readonly buffer: Uint8Array;
  private length = 0;
  private firstAt = 0;
  private lastAt = 0;
  private discarding = false;

  constructor(private readonly options: { maxLength: number }) {
    this.buffer = new Uint8Array(options.maxLength);
  }

  push(chunk: Uint8Array, at: number): FramerOutput[] {
    if (chunk.length === 0) return [];
    this.lastAt = at;
    if (this.discarding) return [];
    if (this.length === 0) this.firstAt = at;
    if (this.length + chunk.length > this.options.maxLength) {
      const discardedBytes = this.length + chunk.length;
      this.length = 0;
      this.discarding = true;
      return [{ kind: 'error', code: 'oversize', discardedBytes, at }];
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
    return [];
  }

  silence(_at: number): FramerOutput[] {
    const wasDiscarding = this.discarding;
    this.discarding = false;
    if (wasDiscarding || this.length === 0) return [];
    const bytes = this.buffer.slice(0, this.length);
    const frame: FramerOutput = { kind: 'frame', bytes, raw: bytes, firstAt: this.firstAt, lastAt: this.lastAt };
    this.length = 0;
    return [frame];
  }

  hasPending(): boolean {
    return this.length > 0 || this.discarding;
  }
}
