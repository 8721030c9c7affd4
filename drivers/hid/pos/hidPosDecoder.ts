import { isAimId } from '../../aim/splitAimPrefix';
import { decodeLabelBytes, type TextEncoding } from '../../scan/decodeLabelBytes';
import { RawCollector, type DecodedOutput, type ReportDecoder } from '../reportDecoder';
import type { HidPosReportFormat } from './hidPosReportFormat';
import { parseHidPosReport } from './parseHidPosReport';

export interface HidPosDecoderOptions {
  format: HidPosReportFormat;
  maxFrameLength: number;
  encoding: TextEncoding;
}

/**
 * Assembles HID-POS scanned-data reports into labels: segments in arrival order until one without the
 * "more data" flag. Memory is bounded by `maxFrameLength`; a hostile report (bogus length, too short) is an
 * error that also drops the code being assembled, since its order can no longer be trusted.
 */
export class HidPosDecoder implements ReportDecoder {
  private readonly buffer: Uint8Array;
  private readonly raw: RawCollector;
  private length = 0;
  private aimId: string | undefined;
  private firstAt = 0;
  private lastAt = 0;
  private discarding = false;
  private waitingForMore = false;

  constructor(private readonly options: HidPosDecoderOptions) {
    this.buffer = new Uint8Array(options.maxFrameLength);
    this.raw = new RawCollector(options.maxFrameLength * 2);
  }

  push(report: Uint8Array, at: number): DecodedOutput[] {
    const parsed = parseHidPosReport(report, this.options.format);
    if (parsed.kind === 'other') return [];
    if (parsed.kind === 'bad') {
      const discardedBytes = report.length + this.length;
      this.reset();
      return [{ kind: 'error', code: 'bad-report', discardedBytes, at }];
    }
    const more = parsed.more || (this.options.format.continuesWhenFull && parsed.full);
    if (this.discarding) {
      if (!more) this.reset();
      return [];
    }
    if (this.length === 0 && !this.waitingForMore) {
      this.firstAt = at;
      const aim = parsed.aim ? decodeLabelBytes(parsed.aim, 'latin1') : '';
      this.aimId = isAimId(aim) ? aim : undefined;
    }
    this.lastAt = at;
    if (this.length + parsed.data.length > this.options.maxFrameLength) {
      const discardedBytes = this.length + parsed.data.length;
      this.reset();
      this.discarding = more;
      return [{ kind: 'error', code: 'oversize', discardedBytes, at }];
    }
    this.buffer.set(parsed.data, this.length);
    this.length += parsed.data.length;
    this.raw.add(report);
    this.waitingForMore = more;
    if (more) return [];
    return this.finish();
  }

  silence(at: number): DecodedOutput[] {
    if (this.discarding) {
      this.reset();
      return [];
    }
    if (!this.waitingForMore) return [];
    // A full report with no flag may have been the last one: silence is how such formats end a code.
    if (this.options.format.continuesWhenFull && this.options.format.moreData === null) return this.finish();
    const discardedBytes = this.length;
    this.reset();
    return [{ kind: 'error', code: 'incomplete', discardedBytes, at }];
  }

  hasPending(): boolean {
    return this.waitingForMore || this.discarding;
  }

  private finish(): DecodedOutput[] {
    const text = decodeLabelBytes(this.buffer.subarray(0, this.length), this.options.encoding);
    const frame: DecodedOutput = { kind: 'frame', text, raw: this.raw.take(), firstAt: this.firstAt, lastAt: this.lastAt };
    if (this.aimId !== undefined) frame.aimId = this.aimId;
    this.reset();
    return text.length === 0 ? [] : [frame];
  }

  private reset(): void {
    this.length = 0;
    this.aimId = undefined;
    this.discarding = false;
    this.waitingForMore = false;
    this.raw.clear();
  }
}
