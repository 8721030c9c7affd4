import type { Framer, FramerOutput } from './framerOutput';

/**
 * Requires each frame of an inner framer to start with a prefix (STX) and strips it. Bytes before the prefix
 * are line noise: reported as `garbage` and dropped, the scan after the prefix is kept. A frame with no prefix
 * at all is dropped as `garbage`.
 */
export class PrefixFramer implements Framer {
  constructor(private readonly inner: Framer, private readonly prefix: Uint8Array) {}

  push(chunk: Uint8Array, at: number): FramerOutput[] {
    return this.inner.push(chunk, at).flatMap((output) => this.strip(output));
  }

  silence(at: number): FramerOutput[] {
    return this.inner.silence(at).flatMap((output) => this.strip(output));
  }

  hasPending(): boolean {
    return this.inner.hasPending();
  }

  private strip(output: FramerOutput): FramerOutput[] {
    if (output.kind !== 'frame') return [output];
    const start = indexOf(output.bytes, this.prefix);
    if (start < 0) return [{ kind: 'error', code: 'garbage', discardedBytes: output.bytes.length, at: output.lastAt }];
    const frame: FramerOutput = { ...output, bytes: output.bytes.slice(start + this.prefix.length) };
    if (start === 0) return [frame];
    return [{ kind: 'error', code: 'garbage', discardedBytes: start, at: output.lastAt }, frame];
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
