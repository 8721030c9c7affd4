import type { Framer, FramerOutput } from './framerOutput';

/**
 * Tolerates a scanner that sends CRLF to a till configured for CR (or LF): the stray LF that starts the next
 * frame, or the CR that ends this one, is dropped; frames left empty are dropped silently.
 */
export class StrayLineEndFramer implements Framer {
  constructor(private readonly inner: Framer) {}

  push(chunk: Uint8Array, at: number): FramerOutput[] {
    return this.inner.push(chunk, at).flatMap((output) => this.trim(output));
  }

  silence(at: number): FramerOutput[] {
    return this.inner.silence(at).flatMap((output) => this.trim(output));
  }

  hasPending(): boolean {
    return this.inner.hasPending();
  }

  private trim(output: FramerOutput): FramerOutput[] {
    if (output.kind !== 'frame') return [output];
    let start = 0;
    let end = output.bytes.length;
    while (start < end && (output.bytes[start] === 0x0a || output.bytes[start] === 0x0d)) start += 1;
    while (end > start && (output.bytes[end - 1] === 0x0a || output.bytes[end - 1] === 0x0d)) end -= 1;
    if (start === end) return [];
    return [{ ...output, bytes: output.bytes.subarray(start, end) }];
  }
}
