import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTIFY_CONFIG, IdentifyConfigSchema } from '../../../main/identify/identifyConfig';

describe('IdentifyConfigSchema', () => {
  it('fills every default', () => {
    expect(DEFAULT_IDENTIFY_CONFIG).toEqual({
      defaultRegion: 'SE',
      cardPrefixRanges: [['040', '049']],
      cardPatterns: [],
      memberNumberPattern: 'M[0-9]{8}',
      maxInputLength: 4096,
    });
  });

  it('fills a card pattern’s default maximum length', () => {
    expect(IdentifyConfigSchema.parse({ cardPatterns: [{ pattern: '[0-9]{16}' }] }).cardPatterns).toEqual([{ pattern: '[0-9]{16}', maxLength: 64 }]);
  });

  it.each([
    ['an unknown region', { defaultRegion: 'XX' }],
    ['a lower-case region', { defaultRegion: 'se' }],
    ['a two-digit prefix', { cardPrefixRanges: [['04', '049']] }],
    ['a range running backwards', { cardPrefixRanges: [['049', '040']] }],
    ['a card pattern that does not compile', { cardPatterns: [{ pattern: '([0-9]' }] }],
    ['a card pattern with a huge maxLength', { cardPatterns: [{ pattern: '[0-9]+', maxLength: 10_000 }] }],
    ['a member number pattern that does not compile', { memberNumberPattern: '*' }],
    ['a tiny length cap', { maxInputLength: 10 }],
  ])('refuses %s', (_name, input) => {
    expect(IdentifyConfigSchema.safeParse(input).success).toBe(false);
  });
});
