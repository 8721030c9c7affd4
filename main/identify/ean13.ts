// EAN-13 (GTIN-13) check digits: weights 1,3,1,3… from the left over the first twelve digits.
import { isAsciiDigits } from './inputText';

/** The check digit for twelve ASCII digits. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 0x30) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` is thirteen ASCII digits whose last is the right check digit. */
export function isValidEan13(digits: string): boolean {
  return digits.length === 13 && isAsciiDigits(digits) && ean13CheckDigit(digits) === digits.charCodeAt(12) - 0x30;
}
