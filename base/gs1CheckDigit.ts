// The GS1 mod-10 check digit, written once: product barcodes (GTIN-8/12/13/14) and our EAN-13 loyalty cards use it.

/** The check digit for `body`, the ASCII digits before it: weights 3,1,3,… counting leftwards from the last digit. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i -= 1, weight = 4 - weight) sum += (body.charCodeAt(i) - 0x30) * weight;
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` is at least two ASCII digits whose last is the right check digit for the others. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 0x30;
}
