import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

/** True when `source` compiles as a JavaScript regular expression. */
function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A three-digit EAN-13 prefix, e.g. "040". */
const PrefixSchema = z.string().regex(/^[0-9]{3}$/, 'a prefix is three digits, e.g. "040"');

/** An inclusive range of EAN-13 prefixes (the first three digits) that are this retailer's loyalty cards. */
const PrefixRangeSchema = z
  .tuple([PrefixSchema, PrefixSchema])
  .refine(([from, to]) => from <= to, 'a prefix range runs from low to high, e.g. ["040", "049"]');

/**
 * A card number format other than EAN-13, e.g. `{ "pattern": "[0-9]{16}" }`. The pattern is matched against the
 * whole input (anchored for you) after spaces and hyphens are removed; inputs longer than `maxLength` never reach it,
 * which bounds the cost of any pattern.
 */
const CardPatternSchema = z.object({
  pattern: z.string().min(1).max(256).refine(compiles, 'not a valid regular expression'),
  maxLength: z.number().int().min(1).max(256).default(64),
});

/** Identification settings, as read from the till's config file (every field has a default). */
export const IdentifyConfigSchema = z.object({
  /** ISO 3166 region for phone numbers typed without a country code. */
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a region is two upper-case letters, e.g. "SE"')
    .refine((region) => isSupportedCountry(region), 'not a region libphonenumber knows')
    .default('SE'),
  /** EAN-13 prefix ranges of loyalty cards. Default: the GS1 in-company range 040–049. */
  cardPrefixRanges: z.array(PrefixRangeSchema).max(32).default([['040', '049']]),
  cardPatterns: z.array(CardPatternSchema).max(16).default([]),
  /** Unsigned member numbers (matched against the upper-cased input, anchored). Default: "M" and eight digits. */
  memberNumberPattern: z.string().min(1).max(256).refine(compiles, 'not a valid regular expression').default('M[0-9]{8}'),
  /** Anything longer is rejected `too_long` before any parsing. */
  maxInputLength: z.number().int().min(256).max(65_536).default(4096),
});

export type IdentifyConfig = z.infer<typeof IdentifyConfigSchema>;
export type IdentifyConfigInput = z.input<typeof IdentifyConfigSchema>;

/** The defaults, ready to use. */
export const DEFAULT_IDENTIFY_CONFIG: IdentifyConfig = IdentifyConfigSchema.parse({});
