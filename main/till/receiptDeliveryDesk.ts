import type { CountryCode } from 'libphonenumber-js';
import type { ReceiptDeliveryDesk } from './ports/receiptDeliveryDesk';
import { normaliseEmail } from '../identify/email';
import { normalisePhone } from '../identify/phone';
import { TillFailure } from '../tillFailure';
import { withFullSync, type MemberCache } from '../../sync/cache';

export interface ReceiptDeliveryDeskDeps {
  cache: Pick<MemberCache, 'db' | 'outbox' | 'receipts'>;
  defaultRegion: string;
  /** Wakes the sync engine: there is something to send. */
  notifyOutbox?: () => void;
  now?: () => number;
}


/**
 * A customer's request for their receipt by e-mail or SMS, queued in the outbox like a receipt (durable, sent once,
 * under the display's idempotency key). The address is held only in the outbox payload until the CRM has it (then
 * cleared, like a sign-up's): it never reaches an event, a log line or an error message.
 */
export function createReceiptDeliveryDesk(deps: ReceiptDeliveryDeskDeps): ReceiptDeliveryDesk {
  const { cache } = deps;
  const now = deps.now ?? Date.now;
  return {
    request(request) {
      if (cache.outbox.findById(request.idempotencyKey)) return { status: 'duplicate' };
      const receipt = cache.receipts.findById(request.receiptId);
      if (!receipt) throw new TillFailure('receipt_not_found', 'This till has no receipt with that id.');
      const to = request.to === undefined ? null : normalisedAddress(request.channel, request.to, deps.defaultRegion);
      if (to === null && receipt.profileId === null) {
        throw new TillFailure('no_member_contact', 'Nobody was identified for this receipt: ask for an address.');
      }
      withFullSync(cache.db, () => {
        cache.outbox.enqueue({
          id: request.idempotencyKey,
          kind: 'receipt_delivery',
          profileId: receipt.profileId,
          payload: { receiptId: request.receiptId, channel: request.channel, to, requestedAt: now() },
        });
      });
      deps.notifyOutbox?.();
      return { status: 'queued' };
    },
  };
}

function normalisedAddress(channel: 'email' | 'sms', value: string, region: string): string {
  if (channel === 'email') {
    const email = normaliseEmail(value);
    if (!email.ok) throw new TillFailure('invalid_email', 'That is not an email address we can use. Check it and try again.');
    return email.email;
  }
  const phone = normalisePhone(value, region as CountryCode);
  if (!phone.ok) throw new TillFailure('invalid_phone', 'That is not a phone number we can use. Check the digits and try again.');
  return phone.e164;
}
