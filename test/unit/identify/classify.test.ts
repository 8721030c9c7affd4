import { describe, expect, it } from 'vitest';
import { classifyInput } from '../../../main/identify/classify';
import type { ClassifyDeps } from '../../../main/identify/classify';
import { DEFAULT_IDENTIFY_CONFIG, IdentifyConfigSchema } from '../../../main/identify/identifyConfig';
import { createMemoryNonceStore } from '../../support/memoryNonceStore';
import type { Classification, InputSource } from '../../../main/identify/types';
import { forgerKeys, keyRing, memberToken, NOW_MS, NOW_S, PROFILE_ID } from './support/memberTokens';

function deps(): ClassifyDeps {
  return { keys: keyRing(), nonces: createMemoryNonceStore({ now: () => NOW_MS }), now: () => NOW_MS };
}

function classify(input: string, source: InputSource, config = DEFAULT_IDENTIFY_CONFIG): Classification {
  return classifyInput(input, source, config, deps());
}

const byId = (kind: string, value: string) => ({ by: 'identifier', kind, value });
const TRACK1 = '%B6035550012345678^SVENSSON/ANNA^2812120?';
const TRACK2 = ';6035550012345678=2812120?';

describe('classifyInput: people', () => {
  it.each<[string, InputSource, string, string, ReturnType<typeof byId>]>([
    // phone numbers: always a claim
    ['070-123 45 67', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['0701234567', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['+46 70 123 45 67', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['0046701234567', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['46701234567', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['08-123 456 78', 'typed', 'phone', 'claimed', byId('phone', '+46812345678')],
    ['070-123 45 67\r\n', 'typed', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['+46701234567', 'scan', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['070-123 45 67', 'scan', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['tel:+46701234567', 'scan', 'phone', 'claimed', byId('phone', '+46701234567')],
    ['TEL:0701234567', 'scan', 'phone', 'claimed', byId('phone', '+46701234567')],
    // e-mail: always a claim
    ['Anna.Svensson@Example.se', 'typed', 'email', 'claimed', byId('email', 'anna.svensson@example.se')],
    ['  anna@example.se\t', 'typed', 'email', 'claimed', byId('email', 'anna@example.se')],
    ['anna@example.se', 'scan', 'email', 'claimed', byId('email', 'anna@example.se')],
    ['mailto:Anna@Example.se', 'scan', 'email', 'claimed', byId('email', 'anna@example.se')],
    // loyalty cards (EAN-13 in 040–049): possession when scanned, a claim when typed
    ['0401234567893', 'scan', 'card', 'possession', byId('card', '0401234567893')],
    ['0401234567893\r', 'scan', 'card', 'possession', byId('card', '0401234567893')],
    ['0401234567893', 'typed', 'card', 'claimed', byId('card', '0401234567893')],
    ['040 1234 567893', 'typed', 'card', 'claimed', byId('card', '0401234567893')],
    ['0490000000009', 'scan', 'card', 'possession', byId('card', '0490000000009')],
    // magstripe: the PAN, as a card
    [TRACK1, 'scan', 'magstripe', 'possession', byId('card', '6035550012345678')],
    [TRACK2, 'scan', 'magstripe', 'possession', byId('card', '6035550012345678')],
    [`${TRACK1}${TRACK2}\r\n`, 'scan', 'magstripe', 'possession', byId('card', '6035550012345678')],
    [TRACK2, 'typed', 'magstripe', 'claimed', byId('card', '6035550012345678')],
    // unsigned member numbers
    ['M00012345', 'scan', 'member_number', 'possession', byId('member_number', 'M00012345')],
    ['M00012345', 'typed', 'member_number', 'claimed', byId('member_number', 'M00012345')],
    ['m00012345', 'typed', 'member_number', 'claimed', byId('member_number', 'M00012345')],
  ])('%j (%s) → %s, %s', (input, source, kind, assurance, lookup) => {
    expect(classify(input, source)).toEqual({ outcome: 'person', kind, assurance, lookup });
  });

  it.each<InputSource>(['scan', 'typed'])('a valid member QR (%s) is verified and looked up by profile id', (source) => {
    expect(classify(memberToken(), source)).toEqual({
      outcome: 'person', kind: 'member_qr', assurance: 'verified', lookup: { by: 'profile_id', profileId: PROFILE_ID },
    });
  });

  it('a member QR works once', () => {
    const d = deps();
    const token = memberToken();
    expect(classifyInput(token, 'scan', DEFAULT_IDENTIFY_CONFIG, d).outcome).toBe('person');
    expect(classifyInput(token, 'scan', DEFAULT_IDENTIFY_CONFIG, d)).toEqual({ outcome: 'rejected', kind: 'member_qr', reason: 'replayed' });
  });
});

describe('classifyInput: rejections', () => {
  it.each<[string, string, InputSource, string, string]>([
    ['empty', '', 'typed', 'unknown', 'empty'],
    ['only whitespace', ' \t\r\n ', 'scan', 'unknown', 'empty'],
    ['only control characters', '\u0002\u0003', 'scan', 'unknown', 'empty'],
    ['over the length cap', 'x'.repeat(4097), 'scan', 'unknown', 'too_long'],
    ['over the length cap even if mostly spaces', ` ${' '.repeat(4096)}`, 'typed', 'unknown', 'too_long'],
    ['card with a wrong check digit (scanned)', '0401234567890', 'scan', 'card', 'bad_check_digit'],
    ['card with a wrong check digit (typed)', '0401234567890', 'typed', 'card', 'bad_check_digit'],
    ['a typed phone that is too short', '070-123', 'typed', 'phone', 'invalid_phone'],
    ['a typed national number without its 0', '701234567', 'typed', 'phone', 'invalid_phone'],
    ['a typed toll-free number', '020-123 45 67', 'typed', 'phone', 'invalid_phone'],
    ['a tel: URI with no number', 'tel:123', 'scan', 'phone', 'invalid_phone'],
    ['a typed address without a domain', 'anna@', 'typed', 'email', 'invalid_email'],
    ['a typed address with a space', 'anna svensson@example.se', 'typed', 'email', 'invalid_email'],
    ['a mailto: with a query', 'mailto:anna@example.se?subject=hi', 'scan', 'email', 'invalid_email'],
    ['a track 1 without its end sentinel', '%B6035550012345678^SVENSSON/ANNA^2812120', 'scan', 'magstripe', 'malformed'],
    ['a track 2 with a bad PAN', ';60355500A2345678=2812120?', 'scan', 'magstripe', 'malformed'],
    ['a member QR that is garbage', 'TID1.garbage', 'scan', 'member_qr', 'malformed'],
    ['a member QR over 2048 characters', `TID1.${'A'.repeat(2100)}`, 'scan', 'member_qr', 'too_long'],
    ['a forged member QR', memberToken({}, forgerKeys.privateKey), 'scan', 'member_qr', 'bad_signature'],
    ['an expired member QR', memberToken({ iat: NOW_S - 400, exp: NOW_S - 300 }), 'scan', 'member_qr', 'expired'],
    ['a member QR from an unknown key', memberToken({ kid: 'old' }), 'scan', 'member_qr', 'unknown_key'],
  ])('%s → %s / %s', (_name, input, source, kind, reason) => {
    expect(classify(input, source)).toEqual({ outcome: 'rejected', kind, reason });
  });
});

describe('classifyInput: not a person (ignored)', () => {
  it.each<[string, string, InputSource]>([
    ['a product EAN-13', '7310865004703', 'scan'],
    ['a product EAN-13, typed', '7310865004703', 'typed'],
    ['a product EAN-13 with a wrong check digit', '7310865004704', 'scan'],
    ['a restricted-circulation EAN (020) outside the configured ranges', '0201234567899', 'scan'],
    ['a UPC-A as EAN-13 that starts with 00, scanned', '0046701234566', 'scan'],
    ['an EAN-8', '73108650', 'scan'],
    ['a UPC-A', '036000291452', 'scan'],
    ['a GTIN-14', '17310865004700', 'scan'],
    ['a bare phone-like digit string, scanned', '0701234567', 'scan'],
    ['a scanned phone-shaped label that is not a number', '(01)07310865004703', 'scan'],
    ['a URL', 'https://example.se/kampanj?id=42', 'scan'],
    ['a URL, typed', 'www.example.se', 'typed'],
    ['a scanned URL with an @', 'https://user@example.se/', 'scan'],
    ['GS1 data with group separators', '0107310865004703\u001d10ABC123', 'scan'],
    ['a word', 'hello', 'typed'],
    ['a member number of the wrong shape', 'M1234567', 'typed'],
    ['a lone plus', '+', 'typed'],
    ['emoji', '🙂🙂🙂', 'typed'],
    ['full-width digits', '０７０１２３４５６７', 'typed'],
    ['four digits', '1234', 'scan'],
  ])('%s', (_name, input, source) => {
    expect(classify(input, source)).toEqual({ outcome: 'ignored', kind: 'unknown' });
  });
});

describe('classifyInput: configuration', () => {
  it('takes extra EAN-13 prefix ranges', () => {
    const config = IdentifyConfigSchema.parse({ cardPrefixRanges: [['040', '049'], ['020', '029']] });
    expect(classify('0201234567899', 'scan', config)).toMatchObject({ outcome: 'person', kind: 'card' });
    expect(classify('0401234567893', 'scan', config)).toMatchObject({ outcome: 'person', kind: 'card' });
  });

  it('takes card patterns, matched after spaces and hyphens are removed', () => {
    const config = IdentifyConfigSchema.parse({ cardPatterns: [{ pattern: '6[0-9]{15}', maxLength: 16 }, { pattern: 'KC[0-9]{6}' }] });
    expect(classify('6012 3456 7890 1234', 'typed', config)).toEqual({
      outcome: 'person', kind: 'card', assurance: 'claimed', lookup: byId('card', '6012345678901234'),
    });
    expect(classify('KC123456', 'scan', config)).toEqual({
      outcome: 'person', kind: 'card', assurance: 'possession', lookup: byId('card', 'KC123456'),
    });
    expect(classify('KC-123456', 'scan', config)).toMatchObject({ outcome: 'person', kind: 'card' });
    expect(classify('KC1234567', 'scan', config)).toEqual({ outcome: 'ignored', kind: 'unknown' });
  });

  it('takes a member number pattern', () => {
    const config = IdentifyConfigSchema.parse({ memberNumberPattern: '[0-9]{7}' });
    expect(classify('1234567', 'scan', config)).toEqual({
      outcome: 'person', kind: 'member_number', assurance: 'possession', lookup: byId('member_number', '1234567'),
    });
    expect(classify('M00012345', 'scan', config)).toEqual({ outcome: 'ignored', kind: 'unknown' });
  });

  it('reads national phone numbers in the configured region', () => {
    const config = IdentifyConfigSchema.parse({ defaultRegion: 'NO' });
    expect(classify('412 34 567', 'typed', config)).toMatchObject({ lookup: byId('phone', '+4741234567') });
  });

  it('takes a different length cap', () => {
    const config = IdentifyConfigSchema.parse({ maxInputLength: 256 });
    expect(classify('x'.repeat(257), 'scan', config)).toEqual({ outcome: 'rejected', kind: 'unknown', reason: 'too_long' });
  });
});
