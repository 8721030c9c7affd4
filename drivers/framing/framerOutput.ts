/** Why bytes were thrown away: too long for one frame, not preceded by the prefix, or cut off by silence. */
export type FrameErrorCode = 'oversize' | 'garbage' | 'incomplete';

export type FramerOutput =
  /** `bytes` is the frame's content; `raw` is everything that arrived for it, prefix and suffix included. */
  | { kind: 'frame'; bytes: Uint8Array; raw: Uint8Array; firstAt: number; lastAt: number }
  | { kind: 'error'; code: FrameErrorCode; discardedBytes: number; at: number };

/**
 * A framing rule over a byte stream. Pure: time comes in with the bytes, and silence is reported by the
 * caller (a timer) through `silence`, so every rule is testable without a clock.
 */
export interface Framer {
  push(chunk: Uint8Array, at: number): FramerOutput[];
  /** The line has been quiet for the configured time. */
  silence(at: number): FramerOutput[];
  /** True while bytes of an unfinished frame are held (the caller arms its silence timer only then). */
  hasPending(): boolean;
}
