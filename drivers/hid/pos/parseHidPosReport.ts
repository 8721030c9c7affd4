import type { HidPosReportFormat } from './hidPosReportFormat';

export type HidPosReportParse =
  | { kind: 'segment'; aim: Uint8Array | null; data: Uint8Array; more: boolean; full: boolean }
  /** Another input report of the device (status, trigger…): not scanned data. */
  | { kind: 'other' }
  | { kind: 'bad'; reason: 'short' | 'length-over-capacity' | 'length-past-end' };

/** Reads one scanned-data report without trusting its length byte. */
export function parseHidPosReport(report: Uint8Array, format: HidPosReportFormat): HidPosReportParse {
  if (report.length === 0) return { kind: 'bad', reason: 'short' };
  if (report[0] !== format.reportId) return { kind: 'other' };
  if (report.length <= format.lengthOffset || report.length < format.dataOffset) return { kind: 'bad', reason: 'short' };
  const length = report[format.lengthOffset]!;
  if (length > format.dataCapacity) return { kind: 'bad', reason: 'length-over-capacity' };
  if (format.dataOffset + length > report.length) return { kind: 'bad', reason: 'length-past-end' };
  const aim = format.aimOffset !== null && report.length >= format.aimOffset + 3 ? report.subarray(format.aimOffset, format.aimOffset + 3) : null;
  const flag = format.moreData;
  const more = flag !== null && report.length > flag.offset && (report[flag.offset]! & flag.mask) !== 0;
  return { kind: 'segment', aim, data: report.subarray(format.dataOffset, format.dataOffset + length), more, full: length === format.dataCapacity };
}
