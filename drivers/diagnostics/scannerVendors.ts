/**
 * USB vendor ids of barcode-scanner makers: a keyboard or serial device from one of these is most likely a
 * scanner. Chip makers used by many cheap scanners (CH340, Cypress…) are not listed: they say nothing.
 */
export const SCANNER_VENDORS: ReadonlyArray<{ vendorId: number; name: string }> = [
  { vendorId: 0x0c2e, name: 'Honeywell' },
  { vendorId: 0x0536, name: 'Hand Held Products (Honeywell)' },
  { vendorId: 0x05e0, name: 'Zebra (Symbol)' },
  { vendorId: 0x05f9, name: 'Datalogic' },
  { vendorId: 0x1eab, name: 'Newland' },
  { vendorId: 0x0db5, name: 'Access-IS' },
  { vendorId: 0x065a, name: 'Opticon' },
];

export function scannerVendor(vendorId: number | undefined): string | undefined {
  return SCANNER_VENDORS.find((v) => v.vendorId === vendorId)?.name;
}
