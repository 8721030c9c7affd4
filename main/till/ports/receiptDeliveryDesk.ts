import type { ReceiptDeliveryRequest, ReceiptDeliveryResponse } from '../../api/contract/receiptDelivery';

/** What the route needs of the till (main/till/receiptDeliveryDesk.ts implements it). */
export interface ReceiptDeliveryDesk {
  request(request: ReceiptDeliveryRequest): ReceiptDeliveryResponse;
}
