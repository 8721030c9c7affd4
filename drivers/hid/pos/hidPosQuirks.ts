import type { HidPosReportFormatId } from './hidPosReportFormat';

/**
 * What some HID-POS scanners need beyond the standard. Matched by USB vendor id (and product id when given).
 * `enableFeatureReport` is sent once after opening for scanners that stay silent until told to start;
 * a device's configuration can supply one too (`enableReport`), for models not in this table.
 */
export interface HidPosQuirk {
  vendor: string;
  vendorId: number;
  productId?: number;
  format: HidPosReportFormatId;
  enableFeatureReport?: readonly number[];
}

export const HID_POS_QUIRKS: readonly HidPosQuirk[] = [
  // Access-IS readers (LSR/ATR series) document the standard layout with the AIM field and byte-63 flag.
  { vendor: 'Access-IS', vendorId: 0x0db5, format: 'standard' },
  // Newland FM/HR series in HID-POS mode: no AIM field and no continuation flag.
  { vendor: 'Newland', vendorId: 0x1eab, format: 'newland' },
];

export function quirkFor(vendorId: number | undefined, productId: number | undefined): HidPosQuirk | undefined {
  if (vendorId === undefined) return undefined;
  return (
    HID_POS_QUIRKS.find((q) => q.vendorId === vendorId && q.productId === productId) ??
    HID_POS_QUIRKS.find((q) => q.vendorId === vendorId && q.productId === undefined)
  );
}
