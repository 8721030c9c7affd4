import { createHash } from 'node:crypto';

/**
 * A UUIDv7 derived from another one and a label: same inputs, same key, on every retry. Used when one outbox item
 * travels as several upload items (a sign-up and the consents given with it): each needs its own stable key.
 * Keeps the parent's 48-bit timestamp, so the keys stay time-ordered like the CRM's index expects.
 */
export function derivedIdempotencyKey(parentKey: string, label: string): string {
  const timestamp = parentKey.replace(/-/g, '').slice(0, 12);
  if (!/^[0-9a-f]{12}$/i.test(timestamp)) throw new Error('the parent key is not a UUID');
  const digest = createHash('sha256').update(`${parentKey.toLowerCase()}\0${label}`).digest('hex');
  const variant = ((Number.parseInt(digest[3] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const hex = `${timestamp.toLowerCase()}7${digest.slice(0, 3)}${variant}${digest.slice(4, 7)}${digest.slice(7, 19)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
