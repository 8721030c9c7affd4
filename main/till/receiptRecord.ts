import { currencyMinorDigits } from '../../base/currencyMinorUnits';
import type { ReceiptRecord } from '../../sync/cache';
import type { ReceiptRequest } from '../api/contract/receipt';

/** Minor units per major unit by ISO 4217 (SEK 100, JPY 1, KWD 1000); the POS API refuses other codes. */
function minorUnitsPerMajor(currency: string): number {
  return 10 ** (currencyMinorDigits(currency) ?? 2);
}

export function toMinorUnits(amount: number, currency: string): number {
  return Math.round(amount * minorUnitsPerMajor(currency));
}

export function fromMinorUnits(minor: number, currency: string): number {
  return minor / minorUnitsPerMajor(currency);
}

/**
 * The POS's receipt as the cache stores it: money in minor units, times in epoch ms, kind, lines and payments as the
 * body. The request was checked (base/receiptRules), so the total fits the currency's minor unit and rounds to itself.
 */
export function toReceiptRecord(request: ReceiptRequest, profileId: string | null): ReceiptRecord {
  return {
    receiptId: request.receiptId,
    profileId,
    createdAt: Date.parse(request.createdAt),
    currency: request.currency,
    totalMinor: toMinorUnits(request.total, request.currency),
    body: { kind: request.kind, total: request.total, lines: request.lines, payments: request.payments },
  };
}
