// ISO 4217 minor units: how many decimals an amount in a currency may have. Written out rather than read from Intl,
// whose CLDR data differs from ISO 4217 in places (ISK, for one, has had other values) and varies with the ICU build.

/** Currencies whose minor unit is not the usual hundredth (ISO 4217, list one, 2024). */
const MINOR_DIGITS_OTHER_THAN_TWO: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Codes ISO 4217 lists without a minor unit because nothing is sold in them: metals, fund units, test codes. */
const NOT_FOR_SALE = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/** Every currency code the runtime knows (ISO 4217), read once. */
let knownCodes: ReadonlySet<string> | undefined;
function isKnownCode(code: string): boolean {
  knownCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCodes.has(code);
}

/**
 * The decimals of `code`'s minor unit (SEK 2, JPY 0, KWD 3), or undefined when `code` is not an ISO 4217 currency a
 * sale can be in.
 */
export function currencyMinorDigits(code: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(code) || NOT_FOR_SALE.has(code) || !isKnownCode(code)) return undefined;
  return MINOR_DIGITS_OTHER_THAN_TWO[code] ?? 2;
}
