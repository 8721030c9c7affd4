import type { ReceiptRecord } from '../../sync/cache';
import type { ReceiptRequest } from '../api/contract/receipt';

/** Minor units per major unit for the currencies a Nordic till meets; two decimals otherwise. */
const zeroDecimalCurrencies = new Set(['JPY', 'KRW', 'ISK', 'CLP', 'VND']);

export function toMinorUnits(amount: number, currency: string): number {
  const factor = zeroDecimalCurrencies.has(currency) ? 1 : 100;
  return Math.round(amount * factor);
}

/** The POS's receipt as the cache stores it: money in minor units, times in epoch ms, lines and payments as the body. */
export function toReceiptRecord(request: ReceiptRequest, profileId: string | null): ReceiptRecord {
  return {
    receiptId: request.receiptId,
    profileId,
    createdAt: Date.parse(request.createdAt),
    currency: request.currency,
    totalMinor: toMinorUnits(request.total, request.currency),
    body: { total: request.total, lines: request.lines, payments: request.payments },
  };
}
