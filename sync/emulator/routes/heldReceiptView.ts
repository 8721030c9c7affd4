import type { HeldReceiptView } from '../admin/adminSchemas';
import { profileIdOf } from '../store/profileIds';
import type { HeldReceipt } from '../store/receiptLedger';

export function heldReceiptView(r: HeldReceipt): HeldReceiptView {
  return { ...r.payload, linkedProfileId: r.profileSeq === null ? null : profileIdOf(r.profileSeq), deviceId: r.deviceId, receivedAt: r.receivedAt };
}
