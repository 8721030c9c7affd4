// The member QR check's base64url decoder against Node's: equal bytes for every canonical text, and a refusal of
// everything Node would decode to another text (padding, other alphabets, non-canonical trailing bits, a length of
// 1 mod 4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonicalBase64url } from '../../../sync/protocol/base64url';

const RUNS = { numRuns: 3000 };

/** Node's own decoding, held strict: the text must be what the bytes encode to. */
function viaBuffer(text: string): number[] | undefined {
  if (text.length === 0) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? [...bytes] : undefined;
}

function viaDecoder(text: string, from = 0, to = text.length): number[] | undefined {
  const into = new Uint8Array(2048);
  const length = decodeCanonicalBase64url(text, from, to, into);
  return length < 0 ? undefined : [...into.subarray(0, length)];
}

const base64ish = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.'), maxLength: 120 }),
  fc.string({ maxLength: 40 }),
);

describe('decodeCanonicalBase64url agrees with Buffer', () => {
  it('on canonical texts, texts one character off, and arbitrary strings', () => {
    fc.assert(fc.property(base64ish, fc.nat(), fc.integer({ min: 0, max: 127 }), (text, at, code) => {
      expect(viaDecoder(text)).toStrictEqual(viaBuffer(text));
      const i = text.length === 0 ? 0 : at % text.length;
      const changed = text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
      expect(viaDecoder(changed)).toStrictEqual(viaBuffer(changed));
    }), RUNS);
  });

  it('reads only text[from, to)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.uint8Array({ maxLength: 100 }), fc.string({ maxLength: 8 }), (before, bytes, after) => {
      const inner = Buffer.from(bytes).toString('base64url');
      expect(viaDecoder(before + inner + after, before.length, before.length + inner.length)).toStrictEqual(viaBuffer(inner));
    }), RUNS);
  });

  it('refuses a target too short for the bytes', () => {
    expect(decodeCanonicalBase64url('AAAA', 0, 4, new Uint8Array(2))).toBe(-1);
    expect(decodeCanonicalBase64url('AAAA', 0, 4, new Uint8Array(3))).toBe(3);
  });
});
