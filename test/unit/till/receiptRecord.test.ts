import { describe, expect, it } from 'vitest';
import { fromMinorUnits, toMinorUnits } from '../../../main/till/receiptRecord';

describe('receipt money in minor units', () => {
  it.each([
    [129.5, 'SEK', 12950],
    [0.1 + 0.2, 'EUR', 30],
    [-19.99, 'SEK', -1999],
    [1500, 'JPY', 1500],
    [990, 'ISK', 990],
  ])('%d %s is stored as %d minor units and read back the same', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBeCloseTo(amount, 10);
  });
});
