import type { ReceiptRecord } from '../../sync/cache';
import type { ReceiptRequest } from '../api/contract/receipt';

/** Minor units per major unit for the currencies a Nordic till meets; two decimals otherwise. */
const zeroDecimalCurrencies = new Set(['JPY', 'KRW', 'ISK', 'CLP', 'VND']);

function minorUnitsPerMajor(currency: string): number {
  return zeroDecimalCurrencies.has(currency) ? 1 : 100;
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * minorUnitsPerMajor(currency));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / minorUnitsPerMajor(currency);
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
