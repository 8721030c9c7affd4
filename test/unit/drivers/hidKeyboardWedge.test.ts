import { describe, expect, it } from 'vitest';
import { parseBootKeyboardReport } from '../../../drivers/hid/keyboard/bootKeyboardReport';
import { encodeKeyboardReports } from '../../../drivers/hid/keyboard/encodeKeyboardReports';
import { KeyboardWedgeDecoder, type WedgeSuffix } from '../../../drivers/hid/keyboard/keyboardWedgeDecoder';
import { KeyPressEdges } from '../../../drivers/hid/keyboard/keyPressEdges';
import type { DecodedOutput } from '../../../drivers/hid/reportDecoder';
import { encodeText } from '../../../drivers/keyboard/encodeText';
import type { LayoutId } from '../../../drivers/keyboard/keyboardLayout';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';

const SHIFT = 0x02;
const RALT = 0x40;
/** A boot report: modifiers and up to six key usages. */
const report = (modifiers: number, ...keys: number[]): Uint8Array => Uint8Array.of(modifiers, 0, ...keys, ...new Array(6 - keys.length).fill(0));
const release = report(0);
const ENTER = 0x28;
const TAB = 0x2b;

function decoder(layout: LayoutId, suffix: WedgeSuffix = 'enter-or-tab', maxFrameLength = 256): KeyboardWedgeDecoder {
  return new KeyboardWedgeDecoder({ layout: LAYOUTS[layout], suffix, maxFrameLength });
}

function run(layout: LayoutId, reports: Uint8Array[], suffix?: WedgeSuffix): string[] {
  const d = decoder(layout, suffix);
  return reports.flatMap((r, i) => d.push(r, i)).map((o: DecodedOutput) => (o.kind === 'frame' ? o.text : `!${o.code}`));
}

describe('boot keyboard reports', () => {
  it.each([
    ['8 bytes', report(SHIFT, 0x04), { modifiers: SHIFT, keys: [0x04] }],
    ['9 bytes with a report id', Uint8Array.of(1, ...report(0, 0x1e, 0x1f)), { modifiers: 0, keys: [0x1e, 0x1f] }],
    ['all released', release, { modifiers: 0, keys: [] }],
  ])('%s', (_name, bytes, expected) => {
    expect(parseBootKeyboardReport(bytes)).toEqual({ ok: true, report: expected });
  });

  it.each([[new Uint8Array(0)], [new Uint8Array(7)], [new Uint8Array(64)]])('a report of %j bytes is not a boot report', (bytes) => {
    expect(parseBootKeyboardReport(bytes)).toEqual({ ok: false, reason: 'length' });
  });

  it('a rollover report (every slot 0x01) is set apart, not read as keys', () => {
    expect(parseBootKeyboardReport(report(0, 1, 1, 1, 1, 1, 1))).toEqual({ ok: false, reason: 'rollover' });
  });
});

describe('key presses on edges', () => {
  it.each([
    ['"11" as press, release, press, release: two presses', [report(0, 0x1e), release, report(0, 0x1e), release], [0x1e, 0x1e]],
    ['a key held across reports is one press', [report(0, 0x1e), report(0, 0x1e), report(0, 0x1e), release], [0x1e]],
    ['rollover: 1 held while 2 goes down, then 1 again after its release', [report(0, 0x1e), report(0, 0x1e, 0x1f), report(0, 0x1f), report(0, 0x1f, 0x1e), release], [0x1e, 0x1f, 0x1e]],
    ['two new keys in one report keep slot order', [report(0, 0x20, 0x21)], [0x20, 0x21]],
  ])('%s', (_name, reports, expected) => {
    const edges = new KeyPressEdges();
    const presses = reports.flatMap((r) => {
      const parsed = parseBootKeyboardReport(r);
      return parsed.ok ? edges.next(parsed.report) : [];
    });
    expect(presses.map((p) => p.usage)).toEqual(expected);
  });
});

describe('keyboard-wedge decoding per layout', () => {
  it.each<[string, LayoutId, Uint8Array[], string[]]>([
    ['US digits with Enter', 'us', [report(0, 0x27), release, report(0, 0x27), release, report(0, 0x1e), release, report(0, ENTER), release], ['001']],
    ['"11" stays two characters', 'us', [report(0, 0x1e), release, report(0, 0x1e), release, report(0, ENTER)], ['11']],
    ['a held key is not repeated', 'us', [report(0, 0x1e), report(0, 0x1e), report(0, 0x1e), release, report(0, ENTER)], ['1']],
    ['Shift gives capitals', 'us', [report(SHIFT, 0x04), release, report(0, 0x04), report(0, ENTER)], ['Aa']],
    ['Swedish å ä ö', 'sv', [report(0, 0x2f), release, report(0, 0x34), release, report(0, 0x33), release, report(0, ENTER)], ['åäö']],
    ['Swedish Å Ä Ö', 'sv', [report(SHIFT, 0x2f), release, report(SHIFT, 0x34), release, report(SHIFT, 0x33), release, report(0, ENTER)], ['ÅÄÖ']],
    ['Swedish AltGr @ and $', 'sv', [report(RALT, 0x1f), release, report(RALT, 0x21), release, report(0, ENTER)], ['@$']],
    ['Swedish AltGr as Ctrl+Alt (Windows)', 'sv', [report(0x01 | 0x04, 0x1f), release, report(0, ENTER)], ['@']],
    ['German z and y swap', 'de', [report(0, 0x1c), release, report(0, 0x1d), release, report(0, ENTER)], ['zy']],
    ['German AltGr+Q is @', 'de', [report(RALT, 0x14), release, report(0, ENTER)], ['@']],
    ['French digits are shifted', 'fr', [report(SHIFT, 0x27), release, report(SHIFT, 0x27), release, report(SHIFT, 0x1e), release, report(0, ENTER)], ['001']],
    ['French unshifted top row', 'fr', [report(0, 0x27), release, report(0, 0x1f), release, report(0, 0x24), release, report(0, 0x26), release, report(0, ENTER)], ['àéèç']],
    ['Tab ends a scan too', 'us', [report(0, 0x04), release, report(0, TAB), release, report(0, 0x05), report(0, ENTER)], ['a', 'b']],
    ['a dead key becomes U+FFFD, not a silent drop', 'sv', [report(0, 0x1e), release, report(0, 0x2e), release, report(0, 0x1f), release, report(0, ENTER)], ['1\uFFFD2']],
    ['a wrong-length report is an error, decoding goes on', 'us', [report(0, 0x1e), release, new Uint8Array(5), report(0, 0x1f), release, report(0, ENTER)], ['!bad-report', '12']],
    ['Enter alone is no scan', 'us', [report(0, ENTER), release], []],
  ])('%s', (_name, layout, reports, expected) => {
    expect(run(layout, reports)).toEqual(expected);
  });

  it('with suffix "enter", Tab is part of the label', () => {
    expect(run('us', [report(0, 0x04), release, report(0, TAB), release, report(0, 0x05), release, report(0, ENTER)], 'enter')).toEqual(['a\tb']);
  });

  it.each<[LayoutId, string]>([
    ['us', 'TID1.eyJraWQiOiJrMSIsInN1YiI6InAxIn0.c2lnbmF0dXJl'],
    ['sv', 'Räksmörgås ÅÄÖ 0701234567 @$€'],
    ['de', 'Grüße Köln ß 4006381333931 @€'],
    ['fr', 'Où ça? 0013748911 à ç è é @#'],
    ['us', '1111122222333334444455555'],
  ])('%s: what a scanner types through encodeKeyboardReports decodes back to %j', (layout, label) => {
    const encoded = encodeText(LAYOUTS[layout], `${label}\r`);
    if (!encoded.ok) throw new Error(`cannot type ${encoded.unencodable}`);
    expect(run(layout, encodeKeyboardReports(encoded.strokes, LAYOUTS[layout].isoBackslash))).toEqual([label]);
  });

  it('the same reports read under the wrong layout give a different label (why the layout is per device)', () => {
    const encoded = encodeText(LAYOUTS.fr, '0013748911\r');
    if (!encoded.ok) throw new Error('unencodable');
    expect(run('us', encodeKeyboardReports(encoded.strokes, true))).toEqual(['))!#&$*(!!']);
  });

  it('an overlong burst is one oversize error, and the scan after the next Enter is whole', () => {
    const d = decoder('us', 'enter', 4);
    const keys = (usages: number[]) => usages.flatMap((u) => [report(0, u), release]);
    const out = [...keys([0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23]), report(0, ENTER), release, ...keys([0x1e, 0x1f]), report(0, ENTER)].flatMap((r, i) => d.push(r, i));
    expect(out.map((o) => (o.kind === 'frame' ? o.text : `!${o.code}`))).toEqual(['!oversize', '12']);
  });

  it('silence abandons a partial scan (suffix set) or ends it (suffix none)', () => {
    const withSuffix = decoder('us', 'enter');
    withSuffix.push(report(0, 0x1e), 0);
    expect(withSuffix.silence(600).map((o) => o.kind === 'error' && o.code)).toEqual(['incomplete']);
    const noSuffix = decoder('us', 'none');
    noSuffix.push(report(0, 0x1e), 0);
    noSuffix.push(release, 1);
    expect(noSuffix.silence(600).map((o) => o.kind === 'frame' && o.text)).toEqual(['1']);
  });

  it('keeps the raw reports of the frame', () => {
    const d = decoder('us');
    const reports = [report(0, 0x1e), release, report(0, ENTER)];
    const [frame] = reports.flatMap((r, i) => d.push(r, i));
    expect(frame?.kind === 'frame' && frame.raw.length).toBe(24);
  });
});
