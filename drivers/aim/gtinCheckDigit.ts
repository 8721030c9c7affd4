/** GS1 mod-10 check digit: true when the last digit of an all-digit GTIN (8, 12, 13 or 14 digits) is right. */
export function hasValidGtinCheckDigit(digits: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return false;
  let sum = 0;
  // Weights alternate 3,1,… counting from the digit left of the check digit.
  for (let i = digits.length - 2, weight = 3; i >= 0; i -= 1, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}
