import { describe, expect, it } from 'vitest';
import { parseMagstripe, parseTrack1, parseTrack2 } from '../../../main/identify/magstripe';

const PAN = '6035550012345678';
const TRACK1 = `%B${PAN}^SVENSSON/ANNA^2812120?`;
const TRACK2 = `;${PAN}=2812120?`;

describe('parseMagstripe: what a swipe gives', () => {
  it.each([
    ['track 1 alone', TRACK1, [1]],
    ['track 2 alone', TRACK2, [2]],
    ['track 1 then track 2', `${TRACK1}${TRACK2}`, [1, 2]],
    ['track 1 and 2 with LRC characters', `${TRACK1}X${TRACK2}7`, [1, 2]],
    ['track 1 and 2 on separate lines', `${TRACK1}\r\n${TRACK2}`, [1, 2]],
    ['track 2 and track 3', `${TRACK2};011${PAN}=1234567890?`, [2]],
    ['tracks 1, 2 and 3 (+ sentinel)', `${TRACK1}${TRACK2}+0123456789=?`, [1, 2]],
    ['a bank-style track 1 with discretionary data', `%B${PAN}^DOE/JOHN^2512101000000000000000123000000?`, [1]],
    ['track 1 with an empty name', `%B${PAN}^^2812?`, [1]],
    ['track 1 without expiry (separator only)', `%B${PAN}^ANNA SVENSSON^^?`, [1]],
    ['track 2 without expiry or service code', `;${PAN}==?`, [2]],
    ['track 2 with nothing after the separator', `;${PAN}=?`, [2]],
    ['a 19-digit PAN', ';6035550012345678901=2812?', [2]],
  ])('%s', (_name, input, tracks) => {
    const parsed = parseMagstripe(input);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.tracks).toEqual(tracks);
      expect(parsed.pan).toBe(input.includes('6035550012345678901') ? '6035550012345678901' : PAN);
    }
  });

  it.each([
    ['track 1 without end sentinel', `%B${PAN}^SVENSSON/ANNA^2812120`],
    ['track 2 without end sentinel', `;${PAN}=2812120`],
    ['track 1 without start sentinel', `B${PAN}^SVENSSON/ANNA^2812120?`],
    ['track 1 with format code A', `%A${PAN}^SVENSSON/ANNA^2812120?`],
    ['track 1 without the second separator', `%B${PAN}^SVENSSON/ANNA?`],
    ['track 1 without any separator', `%B${PAN}?`],
    ['track 1 with a name over 26 characters', `%B${PAN}^${'A'.repeat(27)}^2812?`],
    ['track 1 over 79 characters', `%B${PAN}^ANNA^${'1'.repeat(60)}?`],
    ['track 2 over 40 characters', `;${PAN}=${'1'.repeat(30)}?`],
    ['PAN with a letter', ';60355500A2345678=2812120?'],
    ['PAN of 20 digits', ';60355500123456789012=2812?'],
    ['PAN of 5 digits', ';12345=2812?'],
    ['empty PAN', ';=2812?'],
    ['track 2 without the = separator', `;${PAN}?`],
    ['track 2 with letters after the separator', `;${PAN}=28AB?`],
    ['PANs of track 1 and 2 differ', `${TRACK1};6035550012345679=2812120?`],
    ['trailing garbage', `${TRACK2}hello`],
    ['two track 2s', `${TRACK2}${TRACK2}${TRACK2}`],
    ['sentinels only', ';?'],
    ['a lone start sentinel', '%'],
    ['track 1 with a control character', `%B${PAN}^SVENS\u0007SON^2812?`],
  ])('%s → malformed', (_name, input) => {
    expect(parseMagstripe(input)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('single tracks', () => {
  it('parseTrack1 and parseTrack2 read the PAN', () => {
    expect(parseTrack1(TRACK1)).toEqual({ ok: true, pan: PAN });
    expect(parseTrack2(TRACK2)).toEqual({ ok: true, pan: PAN });
    expect(parseTrack1(TRACK2)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseTrack2(TRACK1)).toEqual({ ok: false, reason: 'malformed' });
  });
});
