// Unsigned member numbers (printed on a card, in a plain QR, or read out): a configurable pattern,
// by default "M" and eight digits, e.g. M00012345. Case-insensitive; normalised to upper case.
import { asciiUpperCase } from './inputText';
import { MEMBER_NUMBER_MAX_LENGTH } from './identifyRules';

/** The normalised member number if `text` matches `pattern` (anchored), else undefined. */
export function normaliseMemberNumber(text: string, pattern: RegExp): string | undefined {
  if (text.length === 0 || text.length > MEMBER_NUMBER_MAX_LENGTH) return undefined;
  const upper = asciiUpperCase(text);
  return pattern.test(upper) ? upper : undefined;
}
