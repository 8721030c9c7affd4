// The arithmetic a receipt must satisfy before a till stores it or a CRM credits points for it. One set of rules for
// both sides of the wire (the POS API's contract and the sync protocol's payload), so neither accepts what the other
// would refuse. Amounts are compared in integer minor units, never as floats. See docs/pos-api.md, "Receipts".
import { currencyMinorDigits } from './currencyMinorUnits';

export type ReceiptKind = 'sale' | 'return';

export interface ReceiptAmounts {
  kind: ReceiptKind;
  currency: string;
  total: number;
  lines: ReadonlyArray<{ quantity: number; unitPrice: number; amount: number }>;
  payments: ReadonlyArray<{ amount: number }>;
}

/** Where a rule broke (a path into the receipt, as zod names fields) and why, in words a POS developer can act on. */
export interface ReceiptIssue {
  path: Array<string | number>;
  message: string;
}

export const RECEIPT_LIMITS = {
  /** Largest amount anywhere on a receipt, in minor units: 10,000,000.00 SEK, 1,000,000,000 JPY. */
  maxAmountMinor: 1_000_000_000,
  /** Largest quantity on a line: more is a typo or an attack, not a sale. */
  maxQuantity: 10_000,
  /** Quantities may be weights (0.345 kg), to the gram. */
  quantityDecimals: 3,
  /** A line's amount may differ from quantity × unit price by this many minor units (rounding a weighed price). */
  lineToleranceMinor: 1,
} as const;

/**
 * How far the total may be from the sum of the lines, in minor units: half a major unit, the most any cash rounding
 * takes away or adds (Sweden rounds cash sales to whole kronor: 0.50 SEK). Nothing for a currency with no minor unit.
 */
export function totalToleranceMinor(minorDigits: number): number {
  return Math.floor(10 ** minorDigits / 2);
}

/** `amount` in minor units, or a reason it cannot be one. */
function toMinor(amount: number, minorDigits: number, currency: string): number | string {
  if (!Number.isFinite(amount)) return 'must be a finite number';
  const scaled = amount * 10 ** minorDigits;
  const minor = Math.round(scaled);
  // Decimal fractions are not exact in binary (0.1 × 100 = 10.000000000000002): allow that, not a real extra decimal.
  if (Math.abs(scaled - minor) > 1e-6) {
    return minorDigits === 0 ? `${currency} has no minor unit: use whole amounts` : `${currency} has ${minorDigits} decimals at most`;
  }
  if (Math.abs(minor) > RECEIPT_LIMITS.maxAmountMinor) return `is larger than ${format(RECEIPT_LIMITS.maxAmountMinor, minorDigits)} ${currency}`;
  return minor;
}

function format(minor: number, minorDigits: number): string {
  return (minor / 10 ** minorDigits).toFixed(minorDigits);
}

function quantityProblem(quantity: number, kind: ReceiptKind): string | undefined {
  if (!Number.isFinite(quantity) || quantity === 0) return 'must be a number other than 0';
  if (Math.abs(quantity) > RECEIPT_LIMITS.maxQuantity) return `must be at most ${RECEIPT_LIMITS.maxQuantity} (in either direction)`;
  const scaled = quantity * 10 ** RECEIPT_LIMITS.quantityDecimals;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) return `may have ${RECEIPT_LIMITS.quantityDecimals} decimals at most`;
  if (kind === 'sale' && quantity < 0) return 'must be positive on a sale: send items coming back as a receipt of kind "return"';
  if (kind === 'return' && quantity > 0) return 'must be negative on a return: each line gives items back';
  return undefined;
}

/**
 * Every rule the receipt breaks; none when it is sound. The rules:
 * - `currency` is an ISO 4217 code a sale can be in; every amount fits its minor unit and is at most 10^9 minor units;
 * - a quantity is not 0, at most 10,000 either way, to 3 decimals; positive on a sale, negative on a return;
 * - a line's `amount` is `quantity × unitPrice`, to within one minor unit;
 * - on a return every line's amount is 0 or less;
 * - `total` is the sum of the lines, to within half a major unit (cash rounding);
 * - a sale's total is 0 or more and its payments add up to at least the total (change may be given);
 *   a return's total is 0 or less and its payments (refunds, negative) add up to at most the total.
 */
export function receiptIssues(receipt: ReceiptAmounts): ReceiptIssue[] {
  const { kind, currency } = receipt;
  const minorDigits = currencyMinorDigits(currency);
  // The code is not echoed: a CRM's rejection detail names fields, never the values it refused.
  if (minorDigits === undefined) return [{ path: ['currency'], message: 'must be an ISO 4217 currency a sale can be in, such as SEK' }];

  const issues: ReceiptIssue[] = [];
  const minor = (amount: number, path: Array<string | number>): number | undefined => {
    const result = toMinor(amount, minorDigits, currency);
    if (typeof result === 'string') {
      issues.push({ path, message: result });
      return undefined;
    }
    return result;
  };

  const total = minor(receipt.total, ['total']);
  let linesSum: number | undefined = 0;
  for (const [i, line] of receipt.lines.entries()) {
    const quantityIssue = quantityProblem(line.quantity, kind);
    if (quantityIssue) issues.push({ path: ['lines', i, 'quantity'], message: quantityIssue });
    const unitPrice = minor(line.unitPrice, ['lines', i, 'unitPrice']);
    const amount = minor(line.amount, ['lines', i, 'amount']);
    if (amount === undefined) linesSum = undefined;
    else if (linesSum !== undefined) linesSum += amount;
    if (amount === undefined) continue;
    if (kind === 'return' && amount > 0) issues.push({ path: ['lines', i, 'amount'], message: 'must be 0 or negative on a return' });
    if (quantityIssue || unitPrice === undefined) continue;
    const expected = Math.round(line.quantity * unitPrice);
    if (Math.abs(amount - expected) > RECEIPT_LIMITS.lineToleranceMinor) {
      issues.push({ path: ['lines', i, 'amount'], message: `must be quantity × unitPrice (${format(expected, minorDigits)}), not ${format(amount, minorDigits)}` });
    }
  }
  let paid: number | undefined = 0;
  for (const [i, payment] of receipt.payments.entries()) {
    const amount = minor(payment.amount, ['payments', i, 'amount']);
    paid = amount === undefined || paid === undefined ? undefined : paid + amount;
  }
  if (total === undefined) return issues;

  if (kind === 'sale' && total < 0) issues.push({ path: ['total'], message: 'must be 0 or more on a sale: send money going back as a receipt of kind "return"' });
  if (kind === 'return' && total > 0) issues.push({ path: ['total'], message: 'must be 0 or negative on a return' });
  const tolerance = totalToleranceMinor(minorDigits);
  if (linesSum !== undefined && Math.abs(total - linesSum) > tolerance) {
    issues.push({
      path: ['total'],
      message: `must be the sum of the lines (${format(linesSum, minorDigits)}), to within ${format(tolerance, minorDigits)} of cash rounding; it is ${format(total, minorDigits)}`,
    });
  }
  if (paid !== undefined) {
    if (kind === 'sale' && paid < total) {
      issues.push({ path: ['payments'], message: `add up to ${format(paid, minorDigits)}, less than the total ${format(total, minorDigits)}` });
    }
    if (kind === 'return' && paid > total) {
      issues.push({ path: ['payments'], message: `refund ${format(-paid, minorDigits)}, less than the ${format(-total, minorDigits)} returned` });
    }
  }
  return issues;
}
