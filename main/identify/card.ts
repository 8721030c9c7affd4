// Loyalty card numbers: EAN-13 in the retailer's prefix ranges, or a configured pattern.
import { isValidEan13 } from './ean13';
import type { CardPatternRule } from './identifyRules';

/** What a bare 13-digit number is to us. */
export type Ean13Verdict = 'card' | 'bad_check_digit' | 'not_ours';

/** True when the first three digits fall in one of the inclusive ranges. */
export function inCardPrefixRange(digits: string, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  const prefix = Number(digits.slice(0, 3));
  for (const [from, to] of ranges) if (prefix >= from && prefix <= to) return true;
  return false;
}

/**
 * Judges thirteen ASCII digits: in a card range with a valid check digit it is a card, in range with a wrong
 * check digit a mistyped card (`bad_check_digit`); outside the ranges it is not ours (most likely a product),
 * whatever its check digit.
 */
export function judgeEan13(digits: string, ranges: ReadonlyArray<readonly [number, number]>): Ean13Verdict {
  if (!inCardPrefixRange(digits, ranges)) return 'not_ours';
  return isValidEan13(digits) ? 'card' : 'bad_check_digit';
}

/** True when `compact` (spaces and hyphens already removed) matches a configured card pattern. */
export function matchesCardPattern(compact: string, patterns: readonly CardPatternRule[]): boolean {
  for (const { regex, maxLength } of patterns) {
    if (compact.length <= maxLength && regex.test(compact)) return true;
  }
  return false;
}
