import type { ReceiptPayload } from '../../../sync/protocol';

/** An epoch-ms instant as ISO 8601 local time in `timeZone`, with its offset: `2026-12-01T10:14:00+01:00`. */
export function localTimeWithOffset(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  const wall = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The receipt as `POST /api/v2/receipts` takes it. */
export interface VoyadoReceipt {
  contact: { matchKey: string; matchKeyType: 'ContactId' };
  uniqueReceiptId: string;
  receiptNumber: string;
  createdDate: string;
  storeExternalId: string;
  currency: string;
  exchangeRateToGroupCurrency: number;
  totalGrossPrice: number;
  paymentMethods: { type: string; description: string; value: number }[];
  items: { type: 'PURCHASE' | 'RETURN'; quantity: number; grossPaidPrice: number; sku: string; articleNumber: string; articleName: string }[];
}

/**
 * A till's receipt in Voyado's shape: `uniqueReceiptId` is the till's receipt id (Voyado ignores a repeat, so a
 * retry is safe), the contact matched by its id, `createdDate` in the store's local time with offset (the reference:
 * "instead of converting to UTC"). A return's lines are RETURN items and its total is negative, as the till's is.
 */
export function receiptToVoyado(receipt: ReceiptPayload, contactId: string, storeExternalId: string, timeZone: string): VoyadoReceipt {
  const itemType = receipt.kind === 'return' ? 'RETURN' : 'PURCHASE';
  return {
    contact: { matchKey: contactId, matchKeyType: 'ContactId' },
    uniqueReceiptId: receipt.receiptId,
    receiptNumber: receipt.receiptId,
    createdDate: localTimeWithOffset(Date.parse(receipt.createdAt), timeZone),
    storeExternalId,
    currency: receipt.currency,
    exchangeRateToGroupCurrency: 1,
    totalGrossPrice: receipt.total,
    paymentMethods: receipt.payments.map((p) => ({ type: p.method, description: p.method, value: p.amount })),
    items: receipt.lines.map((l) => ({
      type: itemType, quantity: Math.abs(l.quantity), grossPaidPrice: l.amount, sku: l.sku, articleNumber: l.sku, articleName: l.description,
    })),
  };
}
