import type { CountryCode } from 'libphonenumber-js/max';
import type { IdentifyConfig } from './identifyConfig';

/** A card number format from config, compiled once. */
export interface CardPatternRule {
  regex: RegExp;
  maxLength: number;
}

/** The config in the form classification needs: regexes compiled, ranges as numbers. */
export interface IdentifyRules {
  defaultRegion: CountryCode;
  /** Inclusive [from, to] of the first three digits, as numbers. */
  cardPrefixRanges: ReadonlyArray<readonly [number, number]>;
  cardPatterns: readonly CardPatternRule[];
  memberNumber: RegExp;
  maxInputLength: number;
}

/** Member numbers are short; a cap keeps any configured pattern cheap. */
export const MEMBER_NUMBER_MAX_LENGTH = 64;

const compiled = new WeakMap<IdentifyConfig, IdentifyRules>();

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/** Compiles a parsed config; cached per config object, so calling it on every input costs a map lookup. */
export function identifyRulesFor(config: IdentifyConfig): IdentifyRules {
  const cached = compiled.get(config);
  if (cached) return cached;
  const rules: IdentifyRules = {
    defaultRegion: config.defaultRegion as CountryCode,
    cardPrefixRanges: config.cardPrefixRanges.map(([from, to]) => [Number(from), Number(to)] as const),
    cardPatterns: config.cardPatterns.map((p) => ({ regex: anchored(p.pattern), maxLength: p.maxLength })),
    memberNumber: anchored(config.memberNumberPattern),
    maxInputLength: config.maxInputLength,
  };
  compiled.set(config, rules);
  return rules;
}
