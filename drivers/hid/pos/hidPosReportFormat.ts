import { z } from 'zod';

/**
 * Where the fields of a HID-POS scanned-data input report sit. Offsets count from byte 0 of the report as
 * node-hid delivers it (the report id first).
 */
export interface HidPosReportFormat {
  reportId: number;
  lengthOffset: number;
  /** Three bytes of AIM identifier, or null when the format carries none. */
  aimOffset: number | null;
  dataOffset: number;
  dataCapacity: number;
  /** Byte and bit that say "more data follows in the next report", or null. */
  moreData: { offset: number; mask: number } | null;
  /** With no flag: a report filled to capacity means more follows (silence ends such a code). */
  continuesWhenFull: boolean;
}

export const HidPosReportFormatIdSchema = z.enum(['standard', 'newland', 'microscan']);
export type HidPosReportFormatId = z.infer<typeof HidPosReportFormatIdSchema>;

export const HID_POS_REPORT_FORMATS: Readonly<Record<HidPosReportFormatId, HidPosReportFormat>> = {
  // USB HID POS usage tables (page 0x8C) scanned-data report as scanners in "HID-POS" mode send it:
  // id 2, length, AIM ]xy, 56 data bytes, 2 vendor bytes, byte 63 bit 0 = data continued.
  standard: { reportId: 0x02, lengthOffset: 1, aimOffset: 2, dataOffset: 5, dataCapacity: 56, moreData: { offset: 63, mask: 0x01 }, continuesWhenFull: false },
  // Newland's HID-POS: id 2, length, 56 data bytes, no AIM field, no continuation flag.
  newland: { reportId: 0x02, lengthOffset: 1, aimOffset: null, dataOffset: 2, dataCapacity: 56, moreData: null, continuesWhenFull: true },
  // Microscan HID: id 1, length, 62 data bytes; long messages stream over several full reports.
  microscan: { reportId: 0x01, lengthOffset: 1, aimOffset: null, dataOffset: 2, dataCapacity: 62, moreData: null, continuesWhenFull: true },
};
