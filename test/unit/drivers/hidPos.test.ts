import { describe, expect, it } from 'vitest';
import { encodeHidPosReports } from '../../../drivers/hid/pos/encodeHidPosReports';
import { HidPosDecoder } from '../../../drivers/hid/pos/hidPosDecoder';
import { quirkFor } from '../../../drivers/hid/pos/hidPosQuirks';
import { HID_POS_REPORT_FORMATS, type HidPosReportFormatId } from '../../../drivers/hid/pos/hidPosReportFormat';
import { parseHidPosReport } from '../../../drivers/hid/pos/parseHidPosReport';
import type { DecodedOutput } from '../../../drivers/hid/reportDecoder';

const standard = HID_POS_REPORT_FORMATS.standard;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A standard 64-byte scanned-data report, built field by field as the spec tables list them. */
function standardReport(data: string, { aim = ']E0', more = false, length }: { aim?: string; more?: boolean; length?: number } = {}): Uint8Array {
  const r = new Uint8Array(64);
  const bytes = ascii(data);
  r[0] = 0x02;
  r[1] = length ?? bytes.length;
  r.set(ascii(aim), 2);
  r.set(bytes.subarray(0, 56), 5);
  r[63] = more ? 1 : 0;
  return r;
}

function decode(format: HidPosReportFormatId, reports: Uint8Array[], maxFrameLength = 4096): string[] {
  const d = new HidPosDecoder({ format: HID_POS_REPORT_FORMATS[format], maxFrameLength, encoding: 'utf8' });
  return reports.flatMap((r, i) => d.push(r, i)).map(show);
}

const show = (o: DecodedOutput): string => (o.kind === 'frame' ? `${o.aimId ?? ''}|${o.text}` : `!${o.code}`);

describe('HID-POS scanned-data report', () => {
  it('reads length, AIM and data', () => {
    const parsed = parseHidPosReport(standardReport('7350053850019'), standard);
    expect(parsed.kind).toBe('segment');
    if (parsed.kind !== 'segment') return;
    expect(new TextDecoder().decode(parsed.data)).toBe('7350053850019');
    expect(new TextDecoder().decode(parsed.aim!)).toBe(']E0');
    expect(parsed.more).toBe(false);
  });

  it.each([
    ['empty report', 'short', new Uint8Array(0)],
    ['report id only', 'short', Uint8Array.of(0x02)],
    ['length over the data field', 'length-over-capacity', standardReport('x', { length: 57 })],
    ['length past the end of a short report', 'length-past-end', standardReport('x'.repeat(20)).subarray(0, 10)],
  ])('%s → bad (%s)', (_name, reason, bytes) => {
    expect(parseHidPosReport(bytes, standard)).toEqual({ kind: 'bad', reason });
  });

  it('another input report of the device is not scanned data', () => {
    expect(parseHidPosReport(Uint8Array.of(0x04, 1, 2, 3), standard)).toEqual({ kind: 'other' });
  });
});

describe('assembling codes', () => {
  const qr = 'TID1.eyJraWQiOiJrMSIsInN1YiI6InAtMDAwMDEiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMDEyMCwibm9uY2UiOiJhYmMifQ.c2lnbmF0dXJlLW9mLTY0LWJ5dGVzLWJhc2U2NHVybC1lbmNvZGVk';

  it.each([
    ['one report', [standardReport('7350053850019')], [']E0|7350053850019']],
    ['a QR over three reports, in order', encodeHidPosReports(ascii(qr), standard, ']Q1'), [`]Q1|${qr}`]],
    ['two codes back to back', [standardReport('111'), standardReport('222', { aim: ']C0' })], [']E0|111', ']C0|222']],
    ['no AIM (zeros) → no AIM id', [standardReport('ABC', { aim: '\0\0\0' })], ['|ABC']],
    ['an empty code is nothing', [standardReport('')], []],
    ['a bogus length drops the code being assembled', [standardReport('part1', { more: true }), standardReport('x', { length: 200 }), standardReport('next')], ['!bad-report', ']E0|next']],
    ['other reports in between are ignored', [standardReport('ab', { more: true }), Uint8Array.of(0x04, 9, 9), standardReport('cd')], [']E0|abcd']],
  ])('%s', (_name, reports, expected) => {
    expect(decode('standard', reports)).toEqual(expected);
  });

  it('the QR really does span several reports', () => {
    expect(encodeHidPosReports(ascii(qr), standard, ']Q1').length).toBe(Math.ceil(qr.length / 56));
  });

  it('over the maximum: one oversize error, the rest of that code is skipped, the next is whole', () => {
    const long = encodeHidPosReports(ascii('x'.repeat(200)), standard, ']Q1');
    expect(decode('standard', [...long, standardReport('after')], 100)).toEqual(['!oversize', ']E0|after']);
  });

  it('silence while waiting for "more data" abandons the code', () => {
    const d = new HidPosDecoder({ format: standard, maxFrameLength: 4096, encoding: 'utf8' });
    expect(d.push(standardReport('part', { more: true }), 0)).toEqual([]);
    expect(d.hasPending()).toBe(true);
    expect(d.silence(1000).map(show)).toEqual(['!incomplete']);
    expect(d.push(standardReport('whole'), 2000).map(show)).toEqual([']E0|whole']);
  });

  it('Newland: no AIM field, a full report means more, silence ends a code that fills its last report exactly', () => {
    const format = HID_POS_REPORT_FORMATS.newland;
    const d = new HidPosDecoder({ format, maxFrameLength: 4096, encoding: 'utf8' });
    const [first, second] = encodeHidPosReports(ascii('a'.repeat(56) + 'bcd'), format);
    expect(d.push(first!, 0)).toEqual([]);
    expect(d.push(second!, 1).map(show)).toEqual([`|${'a'.repeat(56)}bcd`]);
    const [exact] = encodeHidPosReports(ascii('z'.repeat(56)), format);
    expect(d.push(exact!, 2)).toEqual([]);
    expect(d.silence(600).map(show)).toEqual([`|${'z'.repeat(56)}`]);
  });

  it('invalid UTF-8 in the data costs characters, not the scan', () => {
    const r = standardReport('AB');
    r[6] = 0xff;
    expect(decode('standard', [r])).toEqual([']E0|A\uFFFD']);
  });
});

describe('vendor quirks', () => {
  it.each([
    [0x1eab, 0x1d10, 'newland'],
    [0x0db5, 0x0139, 'standard'],
  ])('vendor %i product %i uses the %s format', (vendorId, productId, format) => {
    expect(quirkFor(vendorId, productId)?.format).toBe(format);
  });

  it('an unknown vendor has no quirk (standard format, nothing sent at open)', () => {
    expect(quirkFor(0x1234, 0x5678)).toBeUndefined();
  });
});
