// EAN-13 (GTIN-13): thirteen digits, the last a GS1 check digit.
import { hasValidGs1CheckDigit } from '../../base/gs1CheckDigit';

/** True when `digits` is thirteen ASCII digits whose last is the right check digit. */
export function isValidEan13(digits: string): boolean {
  return digits.length === 13 && hasValidGs1CheckDigit(digits);
}
