import type { Framer, FramerOutput } from './framerOutput';

export interface DelimiterFramerOptions {
  delimiter: Uint8Array;
  /** Longest frame kept, delimiter excluded. Past it the frame is dropped and we resync at the next delimiter. */
  maxLength: number;
  /** When true, silence abandons a partial frame (so a lost suffix cannot merge two scans). */
  abandonOnSilence: boolean;
}

/**
 * Frames end with a delimiter (CR, LF, CRLF, TAB, ETX). Memory is bounded by `maxLength`: an overlong frame
 * is reported once as `oversize` and the rest of it is discarded, never buffered.
 */
export class DelimiterFramer implements Framer {
  private readonly buffer: Uint8Array;
  private length = 0;
  private firstAt = 0;
  private discarding = false;
  /** How much of the delimiter the most recent bytes match, so a CRLF split across chunks is still seen. */
  private matched = 0;

  constructor(private readonly options: DelimiterFramerOptions) {
    if (options.delimiter.length === 0) throw new Error('DelimiterFramer needs a non-empty delimiter');
    this.buffer = new Uint8Array(options.maxLength + options.delimiter.length);
  }

  push(chunk: Uint8Array, at: number): FramerOutput[] {
    const out: FramerOutput[] = [];
    const { delimiter, maxLength } = this.options;
    for (const byte of chunk) {
      this.matched = byte === delimiter[this.matched] ? this.matched + 1 : byte === delimiter[0] ? 1 : 0;
      if (this.discarding) {
        if (this.matched === delimiter.length) this.reset();
        continue;
      }
      if (this.length === 0) this.firstAt = at;
      this.buffer[this.length] = byte;
      this.length += 1;
      if (this.matched === delimiter.length) {
        const raw = this.buffer.slice(0, this.length);
        out.push({ kind: 'frame', bytes: raw.subarray(0, raw.length - delimiter.length), raw, firstAt: this.firstAt, lastAt: at });
        this.reset();
      } else if (this.length > maxLength + delimiter.length - 1) {
        out.push({ kind: 'error', code: 'oversize', discardedBytes: this.length, at });
        this.length = 0;
        this.discarding = true;
      }
    }
    return out;
  }

  silence(at: number): FramerOutput[] {
    if (!this.options.abandonOnSilence) return [];
    const wasDiscarding = this.discarding;
    const held = this.length;
    this.reset();
    // Silence is also a resync point after an oversize frame: the next scan starts clean.
    if (held > 0 && !wasDiscarding) return [{ kind: 'error', code: 'incomplete', discardedBytes: held, at }];
    return [];
  }

  hasPending(): boolean {
    return this.length > 0 || this.discarding;
  }

  private reset(): void {
    this.length = 0;
    this.matched = 0;
    this.discarding = false;
  }
}
