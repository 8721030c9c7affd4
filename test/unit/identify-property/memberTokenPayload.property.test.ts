// The member QR check reads its payload by hand instead of with JSON.parse and the zod schema (for speed): on every
// generated value or text, the hand-written readers must agree with them on accepting it and on what they return.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCanonicalMemberTokenPayload, readMemberTokenPayload } from '../../../main/identify/memberTokenPayload';
import { MemberQrPayloadSchema } from '../../../sync/protocol/memberQr';

const RUNS = { numRuns: 3000 };

/** Strings around each field's length bounds (0, 1, 7, 8, 64, 65, 100, 101) and beyond, ASCII and not. */
const text = fc.oneof(
  fc.string({ maxLength: 140 }),
  fc.string({ unit: 'grapheme', maxLength: 70 }),
  fc.constantFrom(0, 1, 7, 8, 63, 64, 65, 99, 100, 101, 127, 128, 129).map((n) => 'n'.repeat(n)),
  fc.constantFrom(7, 8, 64, 65, 100, 101, 128, 129).map((n) => 'å'.repeat(n)),
  // surrogate pairs count as one character, lone surrogates as one each
  fc.array(fc.constantFrom('\ud800', '\udc00', 'a', '\u{10000}'), { maxLength: 140 }).map((units) => units.join('')),
);
const unixSeconds = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 }),
  fc.constantFrom(0, -0, -1, 0.5, 1e-7, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 53 + 2, 1e308, Infinity, -Infinity, Number.NaN),
  fc.double(),
);
const anything = fc.oneof(fc.jsonValue(), text, unixSeconds, fc.constant(undefined), fc.constant(null));
const field = <T>(likely: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: anything });
const payloadLike = fc.record(
  { kid: field(text), sub: field(text), iat: field(unixSeconds), exp: field(unixSeconds), nonce: field(text), tier: anything },
  { requiredKeys: [] },
);

function viaSchema(value: unknown): unknown {
  const parsed = MemberQrPayloadSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

describe('readMemberTokenPayload agrees with MemberQrPayloadSchema', () => {
  it('on payload-shaped objects, fields valid, invalid or missing, with extra fields', () => {
    fc.assert(fc.property(payloadLike, (value) => {
      expect(readMemberTokenPayload(value)).toStrictEqual(viaSchema(value));
    }), RUNS);
  });

  it('on any JSON value, and on the objects JSON.parse makes of JSON text', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), payloadLike.map((v) => JSON.parse(JSON.stringify(v)) as unknown), anything), (value) => {
      expect(readMemberTokenPayload(value)).toStrictEqual(viaSchema(value));
    }), RUNS);
  });

  it('on arrays and objects that carry the fields in odd ways', () => {
    const valid = { kid: 'k1', sub: 'p-1', iat: 1, exp: 2, nonce: 'abcdefgh' };
    const odd: unknown[] = [
      valid,
      Object.assign([], valid),
      JSON.parse('{"__proto__":{"kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh"}}'),
      JSON.parse('{"kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh","kid":""}'),
      JSON.parse('{"kid":"k1","sub":"p-1","iat":-0,"exp":1e400,"nonce":"abcdefgh"}'),
      JSON.parse('{"kid":"k1","sub":"p-1","iat":1.0,"exp":2e0,"nonce":"abcdefgh"}'),
      Object.create(valid) as unknown,
      new Map(Object.entries(valid)),
    ];
    for (const value of odd) expect(readMemberTokenPayload(value)).toStrictEqual(viaSchema(value));
    expect(readMemberTokenPayload(valid)).toStrictEqual(valid);
  });
});

/** What the general path makes of a payload's bytes: UTF-8, JSON.parse, the schema. */
function viaJsonParse(bytes: Uint8Array): unknown {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  return viaSchema(json);
}

function canonicalReading(bytes: Uint8Array): ReturnType<typeof readCanonicalMemberTokenPayload> {
  const padded = new Uint8Array(bytes.length + 8).fill(0x7d); // bytes past `length` must not be read
  padded.set(bytes);
  return readCanonicalMemberTokenPayload(padded, bytes.length);
}

const asciiText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 140 });
const integerish = fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0, 999_999_999_999_999, 1_000_000_000_000_000, Number.MAX_SAFE_INTEGER, -1, 1.5, 1e21));
/** What the hub writes: JSON.stringify of the five fields in order, mostly valid. */
const hubPayload = fc
  .record({ kid: fc.oneof(asciiText, text), sub: fc.oneof(asciiText, text), iat: integerish, exp: integerish, nonce: fc.oneof(asciiText, text) })
  .map((p) => JSON.stringify({ kid: p.kid, sub: p.sub, iat: p.iat, exp: p.exp, nonce: p.nonce }));
const JSON_BITS = ['"', '\\', '0', '1', '-', '.', 'e', 'E', '+', ' ', '\t', ',', ':', '}', '{', '[', 'é', '\u0000', '\u007f', 'n', 'u'];
/** A hub payload with one character replaced, inserted or removed. */
const mutated = fc.tuple(hubPayload, fc.nat(), fc.constantFrom(...JSON_BITS), fc.constantFrom('replace', 'insert', 'remove')).map(([json, at, bit, how]) => {
  const i = at % (json.length + 1);
  if (how === 'insert') return json.slice(0, i) + bit + json.slice(i);
  if (how === 'remove') return json.slice(0, i) + json.slice(i + 1);
  return json.slice(0, i) + bit + json.slice(i + 1);
});

describe('readCanonicalMemberTokenPayload agrees with JSON.parse and the schema', () => {
  it('reads what the hub writes, with ASCII fields and integers of up to 15 digits, without JSON.parse', () => {
    fc.assert(fc.property(fc.record({ kid: asciiText, sub: asciiText, iat: fc.integer({ min: 0, max: 2 ** 40 }), exp: fc.integer({ min: 0, max: 2 ** 40 }), nonce: asciiText }), (p) => {
      const bytes = Buffer.from(JSON.stringify(p));
      const reading = canonicalReading(bytes);
      const plain = /^[\x20-\x7e]*$/.test(p.kid + p.sub + p.nonce) && !/["\\]/.test(p.kid + p.sub + p.nonce);
      if (plain) expect(reading).not.toBe('not canonical');
      if (reading !== 'not canonical') expect(reading).toStrictEqual(viaJsonParse(bytes));
    }), RUNS);
  });

  it('on hub payloads, mutated ones and other JSON: where it answers, it answers as JSON.parse and the schema do', () => {
    const anyJson = fc.oneof(hubPayload, mutated, payloadLike.map((v) => JSON.stringify(v)), fc.json());
    fc.assert(fc.property(anyJson, (json) => {
      const bytes = Buffer.from(json);
      const reading = canonicalReading(bytes);
      if (reading !== 'not canonical') expect(reading).toStrictEqual(viaJsonParse(bytes));
    }), RUNS);
  });

  it('leaves to JSON.parse what is valid but written another way', () => {
    const others = [
      '{"kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh","tier":"gold"}',
      '{"sub":"p-1","kid":"k1","iat":1,"exp":2,"nonce":"abcdefgh"}',
      '{ "kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh"}',
      '{"kid":"k\\u0031","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh"}',
      '{"kid":"k1","sub":"p-åäö","iat":1,"exp":2,"nonce":"abcdefgh"}',
      '{"kid":"k1","sub":"p-1","iat":1.0,"exp":2,"nonce":"abcdefgh"}',
      '{"kid":"k1","sub":"p-1","iat":1000000000000000,"exp":1000000000000001,"nonce":"abcdefgh"}',
      '\ufeff{"kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"abcdefgh"}',
    ];
    for (const json of others) {
      expect(canonicalReading(Buffer.from(json))).toBe('not canonical');
      expect(viaJsonParse(Buffer.from(json))).not.toBeUndefined();
    }
    expect(canonicalReading(Buffer.from('{"kid":"k1","sub":"p-1","iat":01,"exp":2,"nonce":"abcdefgh"}'))).toBe('not canonical');
    expect(canonicalReading(Buffer.from('{"kid":"k1","sub":"p-1","iat":1,"exp":2,"nonce":"short"}'))).toBeUndefined();
  });
});
