import type { HidPosReportFormat } from './hidPosReportFormat';

/**
 * The reports a HID-POS scanner sends for a label: what the emulator plays and the tests feed the decoder.
 * Each report is the full fixed size (data field zero-padded), as on the wire.
 */
export function encodeHidPosReports(data: Uint8Array, format: HidPosReportFormat, aimId?: string): Uint8Array[] {
  const size = Math.max(format.dataOffset + format.dataCapacity, format.moreData ? format.moreData.offset + 1 : 0, format.aimOffset !== null ? format.aimOffset + 3 : 0);
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const chunk = data.subarray(offset, offset + format.dataCapacity);
    offset += chunk.length;
    const report = new Uint8Array(size);
    report[0] = format.reportId;
    report[format.lengthOffset] = chunk.length;
    if (format.aimOffset !== null && aimId !== undefined) for (let i = 0; i < 3; i += 1) report[format.aimOffset + i] = aimId.charCodeAt(i) & 0xff;
    report.set(chunk, format.dataOffset);
    if (format.moreData && offset < data.length) report[format.moreData.offset]! |= format.moreData.mask;
    reports.push(report);
  } while (offset < data.length);
  return reports;
}
