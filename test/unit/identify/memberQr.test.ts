import { describe, expect, it } from 'vitest';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';
import { signMemberToken, verifyMemberToken } from '../../../main/identify/memberQr';
import type { MemberTokenRejection } from '../../../main/identify/memberQr';
import { crmKeys, forgerKeys, KID, keyRing, memberToken, NOW_MS, NOW_S, PROFILE_ID, tokenWithRawPayload } from './support/memberTokens';

function context(now = NOW_MS) {
  return { keys: keyRing(), now, nonces: createMemoryNonceStore({ now: () => now }) };
}

function verify(token: string, now = NOW_MS) {
  return verifyMemberToken(token, context(now));
}

/** Flips one character of the part (0 = payload, 1 = signature) at `index` to another base64url character. */
function tamper(token: string, part: 0 | 1, index: number): string {
  const [prefix, payload, signature] = token.split('.') as [string, string, string];
  const parts = [payload, signature];
  const text = parts[part] ?? '';
  const swapped = text[index] === 'A' ? 'B' : 'A';
  parts[part] = text.slice(0, index) + swapped + text.slice(index + 1);
  return [prefix, ...parts].join('.');
}

describe('verifyMemberToken: valid tokens', () => {
  it.each([
    ['issued 10 s ago, lives 120 s', {}],
    ['issued just now', { iat: NOW_S, exp: NOW_S + 60 }],
    ['lifetime of exactly 300 s', { iat: NOW_S - 10, exp: NOW_S + 290 }],
    ['zero lifetime, within skew', { iat: NOW_S, exp: NOW_S }],
    ['issued 30 s in the future (phone clock ahead)', { iat: NOW_S + 30, exp: NOW_S + 90 }],
    ['expired 30 s ago (phone clock behind)', { iat: NOW_S - 150, exp: NOW_S - 30 }],
    ['a profile id with non-ASCII characters', { sub: 'p-åäö-1' }],
  ])('%s', (_name, overrides) => {
    const result = verify(memberToken(overrides));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.payload.kid).toBe(KID);
  });

  it('returns the payload', () => {
    const token = memberToken({ nonce: 'abcdefgh12345678' });
    expect(verify(token)).toEqual({
      ok: true,
      payload: { kid: KID, sub: PROFILE_ID, iat: NOW_S - 10, exp: NOW_S + 110, nonce: 'abcdefgh12345678' },
    });
  });

  it('ignores extra payload fields but still checks the signature over them', () => {
    const json = JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'extra-fields-1', tier: 'gold' });
    expect(verify(tokenWithRawPayload(json)).ok).toBe(true);
  });
});

describe('verifyMemberToken: rejections', () => {
  const valid = memberToken();
  const cases: Array<[string, MemberTokenRejection, () => string]> = [
    ['forged: signed by another key', 'bad_signature', () => memberToken({}, forgerKeys.privateKey)],
    ['tampered payload (expiry pushed back, original signature)', 'bad_signature', () => {
      const [prefix, payload, signature] = valid.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
      const pushed = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 60 })).toString('base64url');
      return `${prefix}.${pushed}.${signature}`;
    }],
    ['tampered payload (another profile, original signature)', 'bad_signature', () => {
      const other = memberToken({ sub: 'p-999999' }).split('.')[1] ?? '';
      const [, , signature] = valid.split('.');
      return `TID1.${other}.${signature}`;
    }],
    ['tampered signature', 'bad_signature', () => tamper(valid, 1, 10)],
    ['signature of another token', 'bad_signature', () => `${valid.split('.').slice(0, 2).join('.')}.${memberToken().split('.')[2]}`],
    ['unknown key id', 'unknown_key', () => memberToken({ kid: 'crm-2019-01' })],
    ['unknown key id, forged too', 'unknown_key', () => memberToken({ kid: 'other' }, forgerKeys.privateKey)],
    ['lifetime of 301 s', 'lifetime_too_long', () => memberToken({ iat: NOW_S - 10, exp: NOW_S + 291 })],
    ['lifetime of a day', 'lifetime_too_long', () => memberToken({ iat: NOW_S - 10, exp: NOW_S + 86_400 })],
    ['expired 31 s ago', 'expired', () => memberToken({ iat: NOW_S - 151, exp: NOW_S - 31 })],
    ['expired yesterday', 'expired', () => memberToken({ iat: NOW_S - 86_400, exp: NOW_S - 86_300 })],
    ['issued 31 s in the future', 'not_yet_valid', () => memberToken({ iat: NOW_S + 31, exp: NOW_S + 91 })],
    ['expiry before issue', 'malformed', () => memberToken({ iat: NOW_S, exp: NOW_S - 1 })],
    ['no signature part', 'malformed', () => valid.split('.').slice(0, 2).join('.')],
    ['empty signature', 'malformed', () => `${valid.split('.').slice(0, 2).join('.')}.`],
    ['a fourth part', 'malformed', () => `${valid}.AAAA`],
    ['padding in base64', 'malformed', () => `${valid}==`],
    ['standard base64 characters', 'malformed', () => valid.replace(/-/g, '+').replace(/_/g, '/').replace(/^TID1\.([^.]*)/, 'TID1.$1+')],
    ['non-canonical base64 (trailing bits set)', 'malformed', () => {
      const [prefix, payload, signature] = valid.split('.') as [string, string, string];
      // 64 bytes → 86 characters whose last one carries 2 unused bits
      const last = signature.at(-1) ?? 'A';
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const bumped = alphabet[(alphabet.indexOf(last) + 1) % 64] ?? 'A';
      return `${prefix}.${payload}.${signature.slice(0, -1)}${bumped}`;
    }],
    ...([1, 2] as const).map((left): [string, MemberTokenRejection, () => string] => [
      `non-canonical base64 in the payload (${left} byte${left === 1 ? '' : 's'} after the last group of 3)`, 'malformed', () => {
        let json = JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'abcdefgh' });
        while (json.length % 3 !== left) json = json.replace('{', '{ ');
        const [prefix, payload, signature] = tokenWithRawPayload(json).split('.') as [string, string, string];
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const bumped = alphabet[alphabet.indexOf(payload.at(-1) ?? 'A') + 1] ?? 'A'; // sets an unused low bit
        return `${prefix}.${payload.slice(0, -1)}${bumped}.${signature}`;
      }]),
    ['signature of 63 bytes', 'malformed', () => `${valid.split('.').slice(0, 2).join('.')}.${Buffer.alloc(63, 1).toString('base64url')}`],
    ['garbage after the prefix', 'malformed', () => 'TID1.!!!.???'],
    ['prefix only', 'malformed', () => 'TID1.'],
    ['lower-case prefix', 'malformed', () => valid.replace('TID1.', 'tid1.')],
    ['payload not JSON', 'malformed', () => tokenWithRawPayload('kid=crm')],
    ['payload JSON array', 'malformed', () => tokenWithRawPayload('[1,2,3]')],
    ['payload missing nonce', 'malformed', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60 }))],
    ['payload with string times', 'malformed', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: String(NOW_S), exp: String(NOW_S + 60), nonce: 'abcdefgh' }))],
    ['payload with a fractional time', 'malformed', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S + 0.5, exp: NOW_S + 60, nonce: 'abcdefgh' }))],
    ['payload with a short nonce', 'malformed', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'abc' }))],
    ['payload with an empty subject', 'malformed', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: '', iat: NOW_S, exp: NOW_S + 60, nonce: 'abcdefgh' }))],
    ['payload not UTF-8', 'malformed', () => {
      const body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url');
      return `TID1.${body}.${Buffer.alloc(64).toString('base64url')}`;
    }],
    ['over 2048 characters', 'too_long', () => `TID1.${'A'.repeat(2044)}`],
    ['over 2048 characters, otherwise valid', 'too_long', () => tokenWithRawPayload(JSON.stringify({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'abcdefgh', pad: 'x'.repeat(1500) }))],
  ];

  it.each(cases)('%s → %s', (_name, reason, make) => {
    expect(verify(make())).toEqual({ ok: false, reason });
  });

  it('a token is accepted exactly once (replay)', () => {
    const ctx = context();
    const token = memberToken();
    expect(verifyMemberToken(token, ctx).ok).toBe(true);
    expect(verifyMemberToken(token, ctx)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyMemberToken(token, { ...ctx, now: NOW_MS + 60_000 })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a token scanned twice in the last millisecond it is accepted is still a replay the second time', () => {
    // exp + skew is the last accepted moment: the nonce must outlive it, or the second scan would pass too.
    const ctx = context(NOW_MS);
    const token = memberToken({ iat: NOW_S - 270, exp: NOW_S - 30 });
    expect(verifyMemberToken(token, ctx).ok).toBe(true);
    expect(verifyMemberToken(token, ctx)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('another token with the same nonce is a replay too', () => {
    const ctx = context();
    expect(verifyMemberToken(memberToken({ nonce: 'same-nonce-1' }), ctx).ok).toBe(true);
    expect(verifyMemberToken(memberToken({ nonce: 'same-nonce-1', iat: NOW_S - 5 }), ctx)).toEqual({ ok: false, reason: 'replayed' });
  });

  it.each([
    ['forged', () => memberToken({ nonce: 'victim-nonce' }, forgerKeys.privateKey)],
    ['expired', () => memberToken({ nonce: 'victim-nonce', iat: NOW_S - 400, exp: NOW_S - 300 })],
    ['not yet valid', () => memberToken({ nonce: 'victim-nonce', iat: NOW_S + 100, exp: NOW_S + 200 })],
    ['lifetime too long', () => memberToken({ nonce: 'victim-nonce', iat: NOW_S, exp: NOW_S + 1000 })],
    ['unknown key', () => memberToken({ nonce: 'victim-nonce', kid: 'nope' })],
  ])('a %s token does not burn the nonce of the genuine one', (_name, make) => {
    const ctx = context();
    expect(verifyMemberToken(make(), ctx).ok).toBe(false);
    expect(verifyMemberToken(memberToken({ nonce: 'victim-nonce' }), ctx).ok).toBe(true);
  });

  it('stops trusting a key once it is removed from the ring', () => {
    const ctx = context();
    ctx.keys.remove(KID);
    expect(verifyMemberToken(memberToken(), ctx)).toEqual({ ok: false, reason: 'unknown_key' });
  });
});

describe('signMemberToken', () => {
  it('produces TID1.<payload>.<signature> in base64url without padding', () => {
    const token = signMemberToken({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'abcdefgh' }, crmKeys.privateKey);
    expect(token).toMatch(/^TID1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    expect(payload).toEqual({ kid: KID, sub: PROFILE_ID, iat: NOW_S, exp: NOW_S + 60, nonce: 'abcdefgh' });
  });

  it('refuses a payload outside the schema', () => {
    expect(() => signMemberToken({ kid: '', sub: PROFILE_ID, iat: 1, exp: 2, nonce: 'abcdefgh' }, crmKeys.privateKey)).toThrow();
  });
});
