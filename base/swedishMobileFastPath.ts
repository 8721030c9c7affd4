// The common case, a Swedish mobile number written the usual ways, read without libphonenumber: the till's
// identification and the hub's identifier normalisation use it. parsePhoneNumberFromString costs ~7–20 µs (it tries
// the region's patterns and formats, then the type's); this is one pass over the characters, well under 1 µs.
//
// It answers only when it is sure and libphonenumber would give the same E.164 (test/unit/identify/phone*.test.ts
// and test/unit/hub/memberImportParts.test.ts compare the two on table inputs and on generated ones); anything
// else returns undefined and goes the slow way.

/**
 * SE mobile numbers as libphonenumber's metadata (`max`) types them MOBILE: `7[023689]` then 7 digits. The other
 * 07x ranges are not personal mobiles there (074 pagers, 075 personal numbers, 077 UAN), so they go the slow way.
 */
function isSwedishMobileNsn(digits: string, from: number): boolean {
  if (digits.length - from !== 9 || digits.charCodeAt(from) !== 0x37) return false;
  const second = digits.charCodeAt(from + 1);
  return second === 0x30 || second === 0x32 || second === 0x33 || second === 0x36 || second === 0x38 || second === 0x39;
}

const SPACE = 0x20;
const HYPHEN = 0x2d;
const PLUS = 0x2b;

/**
 * `+46 70 123 45 67`, `0046 70-123 45 67`, `070-123 45 67`, `0701234567`, `46701234567`: an optional `+`, then digits
 * with single spaces or hyphens between them, read as +46 and a 9-digit mobile number. `text` is already trimmed.
 * Returns the E.164 form, or undefined when the input is anything else (landlines, parentheses, `(0)`, other
 * separators, other countries): the caller then asks libphonenumber.
 */
export function swedishMobileE164(text: string): string | undefined {
  const length = text.length;
  if (length < 10 || length > 20) return undefined;
  const plus = text.charCodeAt(0) === PLUS;
  let digits = '';
  let previousWasDigit = false;
  for (let i = plus ? 1 : 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      digits += text[i];
      previousWasDigit = true;
    } else if ((code === SPACE || code === HYPHEN) && previousWasDigit) {
      previousWasDigit = false;
    } else {
      return undefined;
    }
  }
  if (!previousWasDigit) return undefined;
  // Where the 9-digit national significant number starts, by the prefix written before it.
  let from: number;
  if (plus) from = digits.startsWith('46') ? 2 : -1;
  else if (digits.startsWith('0046')) from = 4;
  else if (digits.startsWith('00')) from = -1;
  else if (digits.startsWith('0')) from = 1;
  else if (digits.startsWith('46')) from = 2;
  else from = -1;
  if (from < 0 || !isSwedishMobileNsn(digits, from)) return undefined;
  return `+46${digits.slice(from)}`;
}
