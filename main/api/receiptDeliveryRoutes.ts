import { ReceiptDeliveryRequestSchema, ReceiptDeliveryResponseSchema } from './contract/receiptDelivery';
import { bindRoutes, defineRoute, type RouteSpec } from './apiRoute';
import type { Route } from './router';
import type { ReceiptDeliveryDesk } from '../till/ports/receiptDeliveryDesk';

/** The customer display's one write: the customer's own request for the receipt by e-mail or SMS (not the sale). */
export const RECEIPT_DELIVERY_ROUTES: readonly RouteSpec<ReceiptDeliveryDesk>[] = [
  defineRoute({
    method: 'POST', path: '/api/v1/customer-display/receipt-delivery', operationId: 'requestReceiptDelivery', tag: 'screens',
    request: { name: 'ReceiptDeliveryRequest', what: 'receipt delivery', schema: ReceiptDeliveryRequestSchema },
    summary: 'Send the receipt to the customer by e-mail or SMS, through the CRM',
    description:
      'Queued in the outbox (on disk before the answer) and sent to the CRM once; `to` absent uses the member’s own contact, which the till never sees. ' +
      'The address is never put in an event or a log.',
    answers: { 202: { description: 'Queued, or a duplicate of the same idempotency key.', json: { name: 'ReceiptDeliveryResponse', schema: ReceiptDeliveryResponseSchema } } },
    problems: ['receipt_not_found', 'invalid_phone', 'invalid_email', 'no_member_contact'],
    handle: (desk: ReceiptDeliveryDesk, _ctx, body) => desk.request(body),
  }),
];

export function receiptDeliveryRoutes(desk: ReceiptDeliveryDesk): Route[] {
  return bindRoutes(RECEIPT_DELIVERY_ROUTES, desk);
}
