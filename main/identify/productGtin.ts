// What of a scan may leave the till core in an event: only a label that is plainly not about a person.
import { hasValidGs1CheckDigit } from '../../base/gs1CheckDigit';
import { normalisePhone } from './phone';

/** GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14: the product barcodes a POS wants passed on. */
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/**
 * True for a Swedish personal or co-ordination number written with the century (YYYYMMDDNNNC): a real date (the day
 * plus 60 for a co-ordination number) and the Luhn check digit over the last ten digits. One in ten such numbers also
 * carries a valid GS1 check digit, so a GTIN-12 must not be one of them.
 */
function isSwedishPersonalNumber(digits: string): boolean {
  if (!/^(18|19|20)\d{10}$/.test(digits)) return false;
  const month = Number(digits.slice(4, 6));
  const rawDay = Number(digits.slice(6, 8));
  const day = rawDay > 60 ? rawDay - 60 : rawDay;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  let sum = 0;
  for (let i = 2; i < 12; i += 1) {
    const doubled = (digits.charCodeAt(i) - 0x30) * (i % 2 === 0 ? 2 : 1);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

/** True for `00` + a personal phone number (`0046701234566`): 13 digits that may carry a GS1 check digit by chance. */
function isInternationalPhoneNumber(digits: string): boolean {
  return digits.startsWith('00') && normalisePhone(`+${digits.slice(2)}`, 'SE').ok;
}

/**
 * True when a scanned label is plainly a product code: exactly the digits of a GTIN-8/12/13/14 with a valid GS1 check
 * digit, and not shaped like a personal number or a phone number. Anything else (a card number, a MECARD, `SMSTO:`, a URL, a GS1 string
 * with other fields) may say something about a person and is never passed on.
 */
export function isProductGtin(label: string): boolean {
  return GTIN_LENGTHS.has(label.length) && hasValidGs1CheckDigit(label) && !isSwedishPersonalNumber(label) && !isInternationalPhoneNumber(label);
}
