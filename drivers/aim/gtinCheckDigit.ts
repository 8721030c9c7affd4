import { hasValidGs1CheckDigit } from '../../base/gs1CheckDigit';

/** True when `digits` is an all-digit GTIN (8, 12, 13 or 14 digits) whose last digit is the right GS1 check digit. */
export function hasValidGtinCheckDigit(digits: string): boolean {
  return /^\d{8}$|^\d{12,14}$/.test(digits) && hasValidGs1CheckDigit(digits);
}
