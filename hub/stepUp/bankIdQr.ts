import { createHmac } from 'node:crypto';

/**
 * The animated QR code's data for one second of a BankID order, as BankID specifies it:
 * `bankid.<qrStartToken>.<seconds since the order started>.<hex HMAC-SHA256 keyed with qrStartSecret over the seconds>`.
 * Computed at the hub so the secret never reaches the till.
 */
export function bankIdQrData(qrStartToken: string, qrStartSecret: string, secondsSinceStart: number): string {
  const seconds = String(Math.max(0, Math.floor(secondsSinceStart)));
  const authCode = createHmac('sha256', qrStartSecret).update(seconds).digest('hex');
  return `bankid.${qrStartToken}.${seconds}.${authCode}`;
}
