// Properties of identification over generated inputs: it never throws, every answer is inside the result type and
// consistent with itself, and the same input in the same state always gives the same answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyInput } from '../../../main/identify/classify';
import { gs1CheckDigit } from '../../../base/gs1CheckDigit';
import { createIdentifier } from '../../../main/identify/identify';
import type { Identify } from '../../../main/identify/identify';
import { DEFAULT_IDENTIFY_CONFIG, IdentifyConfigSchema } from '../../../main/identify/identifyConfig';
import { signMemberToken } from '../../../main/identify/memberQr';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';
import type { IdentifyResult, InputSource } from '../../../main/identify/types';
import type { Profile } from '../../../sync/cache/types';
import { crmKeys, forgerKeys, KID, keyRing, NOW_MS, NOW_S } from '../identify/support/memberTokens';

const RUNS = { numRuns: 400 };

const anna: Profile = { id: 'p-1', firstName: 'Anna', displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null, status: 'active' };
const known = new Map<string, Profile>([['phone:+46701234567', anna], ['card:0401234567893', anna], ['email:anna@example.se', anna]]);
const config = IdentifyConfigSchema.parse({ cardPatterns: [{ pattern: 'KC[0-9]{6}' }], cardPrefixRanges: [['040', '049'], ['020', '029']] });

function freshIdentifier(): Identify {
  return createIdentifier({
    config,
    keys: keyRing(),
    nonces: createMemoryNonceStore({ now: () => NOW_MS, maxEntries: 1000 }),
    now: () => NOW_MS,
    findByIdentifier: (kind, value) => known.get(`${kind}:${value}`),
    findById: (id) => (id === anna.id ? anna : undefined),
  });
}

// The result type, as a schema: strict objects, so nothing outside IdentifyResult passes.
const Kind = z.enum(['phone', 'email', 'card', 'magstripe', 'member_qr', 'member_number', 'unknown']);
const Assurance = z.enum(['claimed', 'possession', 'verified']);
const Reason = z.enum([
  'bad_check_digit', 'bad_signature', 'expired', 'not_yet_valid', 'replayed', 'unknown_key', 'lifetime_too_long',
  'malformed', 'too_long', 'empty', 'invalid_phone', 'invalid_email', 'card_range',
]);
const IdentifierSchema = z.strictObject({ kind: z.enum(['phone', 'email', 'card', 'member_number']), value: z.string().min(1) });
const ResultSchema = z.discriminatedUnion('result', [
  z.strictObject({ result: z.literal('identified'), kind: Kind, assurance: Assurance, profile: z.custom<Profile>((p) => p === anna) }),
  z.strictObject({ result: z.literal('not_found'), kind: Kind, assurance: Assurance, identifier: IdentifierSchema.optional() }),
  z.strictObject({ result: z.literal('rejected'), kind: Kind, reason: Reason }),
  z.strictObject({ result: z.literal('ignored'), kind: z.literal('unknown') }),
]);

const IDENTIFIER_FORMAT: Record<string, RegExp> = {
  phone: /^\+[1-9][0-9]{5,14}$/,
  email: /^[^A-Z\s@]{1,64}@[a-z0-9.-]+$/,
  card: /^[0-9A-Z]{6,64}$/,
  member_number: /^M[0-9]{8}$/,
};
const LOOKUP_KIND: Record<string, string> = { phone: 'phone', email: 'email', card: 'card', magstripe: 'card', member_number: 'member_number' };

/** Everything that must hold of any answer. */
function checkResult(result: IdentifyResult, source: InputSource): void {
  ResultSchema.parse(result);
  if (result.result === 'identified' || result.result === 'not_found') {
    expect(result.kind).not.toBe('unknown');
    if (result.kind === 'member_qr') expect(result.assurance).toBe('verified');
    else expect(result.assurance).not.toBe('verified');
    if (result.kind === 'phone' || result.kind === 'email') expect(result.assurance).toBe('claimed');
    if (source === 'typed' && result.kind !== 'member_qr') expect(result.assurance).toBe('claimed');
  }
  if (result.result === 'not_found') {
    if (result.kind === 'member_qr') expect(result.identifier).toBeUndefined();
    else {
      expect(result.identifier?.kind).toBe(LOOKUP_KIND[result.kind]);
      expect(result.identifier?.value).toMatch(IDENTIFIER_FORMAT[result.identifier?.kind ?? ''] ?? /^$/);
    }
  }
}

const source = fc.constantFrom<InputSource>('typed', 'scan');
const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Random edits that turn a valid input into a near-valid one. */
function mutate(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('keep', 'replace', 'insert', 'delete', 'truncate', 'double', 'pad'))
    .map(([text, at, piece, how]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      switch (how) {
        case 'replace': return text.slice(0, i) + piece + text.slice(i + 1);
        case 'insert': return text.slice(0, i) + piece + text.slice(i);
        case 'delete': return text.slice(0, i) + text.slice(i + 1);
        case 'truncate': return text.slice(0, i);
        case 'double': return text + text;
        case 'pad': return ` \r\n${text}\t`;
        default: return text;
      }
    });
}

const tokens = fc
  .record({
    kid: fc.constantFrom(KID, 'other-kid'),
    sub: fc.constantFrom('p-1', 'p-2', 'p-åäö'),
    iat: fc.integer({ min: NOW_S - 600, max: NOW_S + 120 }),
    lifetime: fc.integer({ min: 0, max: 400 }),
    nonce: fc.string({ minLength: 8, maxLength: 40 }),
    forged: fc.boolean(),
  })
  .map(({ kid, sub, iat, lifetime, nonce, forged }) =>
    signMemberToken({ kid, sub, iat, exp: iat + lifetime, nonce }, forged ? forgerKeys.privateKey : crmKeys.privateKey));

const name = fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map((s) => s.toUpperCase());
const tracks = fc
  .record({ pan: digits(0, 21), name, tail: digits(0, 30), which: fc.constantFrom('1', '2', '12', '123'), lrc: fc.option(fc.constantFrom('X', ';', '?', '7')) })
  .map(({ pan, name: holder, tail, which, lrc }) => {
    const t1 = `%B${pan}^${holder}^${tail}?${lrc ?? ''}`;
    const t2 = `;${pan}=${tail}?${lrc ?? ''}`;
    return { '1': t1, '2': t2, '12': t1 + t2, '123': `${t1}${t2};${tail}?` }[which];
  });

const eans = fc.tuple(fc.constantFrom('040', '045', '049', '020', '050', '731', '004', '000'), digits(9, 9), fc.boolean())
  .map(([prefix, body, fix]) => {
    const first12 = prefix + body;
    return fix ? first12 + gs1CheckDigit(first12) : first12 + String((gs1CheckDigit(first12) + 1) % 10);
  });

const phoneish = fc.array(fc.constantFrom(...'0123456789 -()+./'), { maxLength: 24 }).map((c) => c.join(''));
const emailish = fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom('@', '@@', ''), fc.string({ maxLength: 20 }), fc.constantFrom('.se', '.c', '', '.xn--p1ai'))
  .map(([local, at, domain, tld]) => `${local}${at}${domain}${tld}`);

const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary', maxLength: 5000 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  mutate(tokens),
  mutate(tracks),
  mutate(eans),
  mutate(phoneish),
  mutate(emailish),
  mutate(fc.constantFrom('070-123 45 67', '+46701234567', 'anna@example.se', 'M00012345', 'KC123456', 'tel:+46701234567', 'mailto:a@b.se')),
);

describe('identify, over generated inputs', () => {
  it('never throws and always answers inside the result type', () => {
    const identify = freshIdentifier();
    fc.assert(
      fc.property(anyInput, source, (input, from) => {
        checkResult(identify(input, from), from);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input in the same state gives the same answer', () => {
    fc.assert(
      fc.property(anyInput, source, (input, from) => {
        expect(freshIdentifier()(input, from)).toEqual(freshIdentifier()(input, from));
      }),
      RUNS,
    );
  });

  it('accepts a genuine token exactly when its times are right, and only once', () => {
    fc.assert(
      fc.property(tokens, (token) => {
        const identify = freshIdentifier();
        const first = identify(token, 'scan');
        checkResult(first, 'scan');
        if (first.result === 'identified' || first.result === 'not_found') {
          expect(identify(token, 'scan')).toEqual({ result: 'rejected', kind: 'member_qr', reason: 'replayed' });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('classifies trimmed and untrimmed scans alike', () => {
    const deps = () => ({ keys: keyRing(), nonces: createMemoryNonceStore({ now: () => NOW_MS }), now: () => NOW_MS });
    fc.assert(
      fc.property(fc.oneof(eans, phoneish, tracks, emailish), source, (input, from) => {
        fc.pre(input.length < DEFAULT_IDENTIFY_CONFIG.maxInputLength - 4);
        expect(classifyInput(`${input}\r\n`, from, config, deps())).toEqual(classifyInput(input.trim(), from, config, deps()));
      }),
      RUNS,
    );
  });
});
