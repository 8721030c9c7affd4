// Strict base64url decoding in plain JavaScript, for the member QR check (the till's on every scan, the hub's of a redemption proof): Buffer's decoder is a call into C++, and
// beside an Ed25519 verification each such call cost 2–5 µs (docs/performance.md), more than this loop.

/** The 6-bit value of each base64url character by char code; 64 for anything else. */
const VALUE = new Uint8Array(128).fill(64);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) VALUE[c.charCodeAt(0)] = i;

function valueAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? VALUE[c]! : 64;
}

/**
 * Decodes text[from, to) into `into` from index 0 if it is strict base64url without padding: only the alphabet, a
 * possible length (not 1 mod 4) and canonical trailing bits (the unused low bits of the last character are zero), so
 * one byte string has exactly one text. Returns the number of bytes, or -1 for anything else or if `into` is too short.
 */
export function decodeCanonicalBase64url(text: string, from: number, to: number, into: Uint8Array): number {
  const length = to - from;
  const rest = length % 4;
  if (length === 0 || rest === 1) return -1;
  const bytes = ((length - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1);
  if (bytes > into.length) return -1;
  let at = 0;
  let i = from;
  for (const whole = to - rest; i < whole; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = valueAt(text, i + 2);
    const d = valueAt(text, i + 3);
    if ((a | b | c | d) & 64) return -1;
    into[at++] = (a << 2) | (b >> 4);
    into[at++] = ((b & 0x0f) << 4) | (c >> 2);
    into[at++] = ((c & 0x03) << 6) | d;
  }
  if (rest === 2) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    if ((a | b) & 64 || b & 0x0f) return -1;
    into[at++] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = valueAt(text, i + 2);
    if ((a | b | c) & 64 || c & 0x03) return -1;
    into[at++] = (a << 2) | (b >> 4);
    into[at++] = ((b & 0x0f) << 4) | (c >> 2);
  }
  return at;
}
