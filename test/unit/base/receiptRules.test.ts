import { describe, expect, it } from 'vitest';
import { currencyMinorDigits } from '../../../base/currencyMinorUnits';
import { receiptIssues, type ReceiptAmounts } from '../../../base/receiptRules';

// Issue 11.7: the arithmetic a receipt must satisfy before the till stores it or the CRM credits points for it.
const coffee = { quantity: 1, unitPrice: 129.5, amount: 129.5 };
function sale(extra: Partial<ReceiptAmounts> = {}): ReceiptAmounts {
  return { kind: 'sale', currency: 'SEK', total: 129.5, lines: [coffee], payments: [{ amount: 129.5 }], ...extra };
}
const returned = { quantity: -1, unitPrice: 129.5, amount: -129.5 };
function aReturn(extra: Partial<ReceiptAmounts> = {}): ReceiptAmounts {
  return { kind: 'return', currency: 'SEK', total: -129.5, lines: [returned], payments: [{ amount: -129.5 }], ...extra };
}
/** The fields the issues name, as zod would print them. */
function fieldsOf(receipt: ReceiptAmounts): string[] {
  return receiptIssues(receipt).map((issue) => issue.path.join('.'));
}

describe('currency minor units (ISO 4217)', () => {
  it.each([
    ['SEK', 2],
    ['EUR', 2],
    ['NOK', 2],
    ['JPY', 0],
    ['ISK', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', undefined], // a unit of account, not a currency anything is paid in
    ['XAU', undefined],
    ['XXX', undefined],
    ['SKE', undefined],
    ['sek', undefined],
    ['', undefined],
  ])('%s has %s decimals', (code, digits) => {
    expect(currencyMinorDigits(code)).toBe(digits);
  });
});

describe('sound receipts have no issues', () => {
  it.each<[string, ReceiptAmounts]>([
    ['a card sale', sale()],
    ['a cash sale with change given', sale({ payments: [{ amount: 200 }] })],
    ['a cash sale rounded to whole kronor (0.50 SEK)', sale({ total: 130, payments: [{ amount: 130 }] })],
    ['change recorded as a negative cash payment', sale({ payments: [{ amount: 200 }, { amount: -70.5 }] })],
    ['a discount line', sale({ total: 109.5, lines: [coffee, { quantity: 1, unitPrice: -20, amount: -20 }], payments: [{ amount: 109.5 }] })],
    ['weighed goods rounded to the öre', sale({ total: 20.36, lines: [{ quantity: 0.345, unitPrice: 59, amount: 20.36 }], payments: [{ amount: 20.36 }] })],
    ['a sale of nothing to pay', sale({ total: 0, lines: [{ quantity: 1, unitPrice: 0, amount: 0 }], payments: [] })],
    ['yen in whole yen', sale({ currency: 'JPY', total: 1300, lines: [{ quantity: 2, unitPrice: 650, amount: 1300 }], payments: [{ amount: 1300 }] })],
    ['dinar to the fils', sale({ currency: 'KWD', total: 1.25, lines: [{ quantity: 1, unitPrice: 1.25, amount: 1.25 }], payments: [{ amount: 1.25 }] })],
    ['a return with its refund', aReturn()],
    ['0.1 + 0.2 öre arithmetic', sale({ total: 0.3, lines: [{ quantity: 1, unitPrice: 0.1, amount: 0.1 }, { quantity: 1, unitPrice: 0.2, amount: 0.2 }], payments: [{ amount: 0.3 }] })],
  ])('%s', (_name, receipt) => {
    expect(receiptIssues(receipt)).toEqual([]);
  });
});

describe('broken receipts name the field', () => {
  it.each<[string, ReceiptAmounts, string[]]>([
    // The cases of the issue.
    ['a 1 SEK line, 1 SEK paid and a total of 9,999,999,999.99', sale({ total: 9_999_999_999.99, lines: [{ quantity: 1, unitPrice: 1, amount: 1 }], payments: [{ amount: 1 }] }), ['total']],
    ['a negative total on a sale', sale({ total: -129.5, lines: [{ quantity: 1, unitPrice: -129.5, amount: -129.5 }], payments: [] }), ['total']],
    ['a quantity of 1e308', sale({ lines: [{ quantity: 1e308, unitPrice: 129.5, amount: 129.5 }] }), ['lines.0.quantity']],
    ['a total that differs from its lines', sale({ total: 200, payments: [{ amount: 200 }] }), ['total']],
    ['a JPY total of 1.5', sale({ currency: 'JPY', total: 1.5, lines: [{ quantity: 1, unitPrice: 1.5, amount: 1.5 }], payments: [{ amount: 1.5 }] }), ['total', 'lines.0.unitPrice', 'lines.0.amount', 'payments.0.amount']],
    // And what else a till must not take.
    ['a total just outside cash rounding', sale({ total: 130.01, payments: [{ amount: 130.01 }] }), ['total']],
    ['payments that do not cover the total', sale({ payments: [{ amount: 100 }] }), ['payments']],
    ['no payment for a sale', sale({ payments: [] }), ['payments']],
    ['a line amount that is not quantity × unit price', sale({ total: 10, lines: [{ quantity: 3, unitPrice: 129.5, amount: 10 }], payments: [{ amount: 10 }] }), ['lines.0.amount']],
    ['three decimals in SEK', sale({ total: 129.505, lines: [{ quantity: 1, unitPrice: 129.505, amount: 129.505 }], payments: [{ amount: 129.505 }] }), ['total', 'lines.0.unitPrice', 'lines.0.amount', 'payments.0.amount']],
    ['an amount over 10,000,000.00 SEK', sale({ total: 20_000_000, lines: [{ quantity: 1, unitPrice: 20_000_000, amount: 20_000_000 }], payments: [{ amount: 20_000_000 }] }), ['total', 'lines.0.unitPrice', 'lines.0.amount', 'payments.0.amount']],
    ['a quantity of 0', sale({ lines: [{ quantity: 0, unitPrice: 129.5, amount: 129.5 }] }), ['lines.0.quantity']],
    ['a quantity of 10,001', sale({ lines: [{ quantity: 10_001, unitPrice: 0, amount: 0 }], total: 0, payments: [] }), ['lines.0.quantity']],
    ['a quantity to the milligram', sale({ lines: [{ quantity: 1.0001, unitPrice: 129.5, amount: 129.5 }] }), ['lines.0.quantity']],
    ['a negative quantity on a sale', sale({ total: 0, lines: [coffee, returned], payments: [] }), ['lines.1.quantity']],
    ['a positive line on a return', aReturn({ total: 0, lines: [returned, coffee], payments: [] }), ['lines.1.quantity', 'lines.1.amount']],
    ['a positive total on a return', aReturn({ total: 129.5, lines: [{ quantity: -1, unitPrice: -129.5, amount: 129.5 }], payments: [] }), ['lines.0.amount', 'total']],
    ['a return refunded less than it returned', aReturn({ payments: [{ amount: -100 }] }), ['payments']],
    ['a currency that is not one', sale({ currency: 'SKE' }), ['currency']],
    ['gold', sale({ currency: 'XAU' }), ['currency']],
    ['an infinite amount', sale({ total: Number.POSITIVE_INFINITY }), ['total']],
    ['NaN as a price', sale({ lines: [{ quantity: 1, unitPrice: Number.NaN, amount: 129.5 }] }), ['lines.0.unitPrice']],
  ])('%s', (_name, receipt, fields) => {
    expect(fieldsOf(receipt)).toEqual(fields);
    for (const issue of receiptIssues(receipt)) expect(issue.message.length).toBeGreaterThan(10);
  });

  it('says what the lines add up to', () => {
    const [issue] = receiptIssues(sale({ total: 9_999_999_999.99, lines: [{ quantity: 1, unitPrice: 1, amount: 1 }], payments: [{ amount: 1 }] }));
    expect(issue?.message).toMatch(/larger than 10000000\.00 SEK/);
    const [sum] = receiptIssues(sale({ total: 200, payments: [{ amount: 200 }] }));
    expect(sum?.message).toMatch(/sum of the lines \(129\.50\).*0\.50.*200\.00/);
  });
});
