import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFramer } from '../../../drivers/framing/createFramer';
import { KeyboardWedgeDecoder } from '../../../drivers/hid/keyboard/keyboardWedgeDecoder';
import { HidPosDecoder } from '../../../drivers/hid/pos/hidPosDecoder';
import { HID_POS_REPORT_FORMATS } from '../../../drivers/hid/pos/hidPosReportFormat';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';
import { buildScanEvent } from '../../../drivers/scan/buildScanEvent';
import { decodeLabelBytes } from '../../../drivers/scan/decodeLabelBytes';
import { ScanEventSchema } from '../../../drivers/scanEvent';
import { WindowWedgeDecoder } from '../../../drivers/wedge/windowWedgeDecoder';

const chunks = fc.array(fc.uint8Array({ maxLength: 96 }), { maxLength: 40 });
// Bytes rich in delimiters and prefixes, so frames and resyncs actually happen.
const framingBytes = fc.array(fc.uint8Array({ maxLength: 64 }).map((b) => b.map((x) => [0x02, 0x03, 0x09, 0x0a, 0x0d, x][x % 6]!)), { maxLength: 40 });

describe('no input crashes a driver or grows its memory', () => {
  it('framers: frames never exceed the maximum, no bytes are invented, silence empties them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cr', 'lf', 'crlf', 'tab', 'etx', 'none' as const),
        fc.constantFrom('none', 'stx' as const),
        fc.integer({ min: 1, max: 48 }),
        fc.oneof(chunks, framingBytes),
        (suffix, prefix, maxFrameLength, input) => {
          const framer = createFramer({ suffix, prefix, maxFrameLength });
          let produced = 0;
          const outputs = input.flatMap((chunk, i) => framer.push(chunk, i));
          outputs.push(...framer.silence(input.length));
          for (const o of outputs) {
            if (o.kind === 'frame') {
              expect(o.bytes.length).toBeLessThanOrEqual(maxFrameLength);
              produced += o.bytes.length;
              const event = buildScanEvent({ deviceId: 'd', transport: 'serial', text: decodeLabelBytes(o.bytes, 'utf8'), raw: o.bytes, firstAt: o.firstAt, lastAt: o.lastAt });
              expect(ScanEventSchema.safeParse(event).success).toBe(true);
            }
          }
          expect(produced).toBeLessThanOrEqual(input.reduce((n, c) => n + c.length, 0));
          expect(framer.hasPending()).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('HID-POS decoder: random and mangled reports', () => {
    const format = HID_POS_REPORT_FORMATS.standard;
    const report = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.uint8Array({ minLength: 59, maxLength: 59 })).map(([len, more, body]) => {
        const r = new Uint8Array(64);
        r[0] = 0x02;
        r[1] = len;
        r.set(body, 2);
        r[63] = more ? 1 : 0;
        return r;
      }),
    );
    fc.assert(
      fc.property(fc.array(report, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), (reports, max) => {
        const d = new HidPosDecoder({ format, maxFrameLength: max, encoding: 'utf8' });
        const outputs = reports.flatMap((r, i) => d.push(r, i));
        outputs.push(...d.silence(reports.length));
        for (const o of outputs) if (o.kind === 'frame') expect(o.text.length).toBeLessThanOrEqual(max);
        expect(d.hasPending()).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keyboard-wedge decoder: random reports on every layout', () => {
    const report = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.array(fc.integer({ min: 0, max: 0x70 }), { maxLength: 6 })).map(([m, keys]) => Uint8Array.of(m, 0, ...keys, ...new Array(6 - keys.length).fill(0))),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(LAYOUTS)), fc.array(report, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (layout, reports, max) => {
        const d = new KeyboardWedgeDecoder({ layout, suffix: 'enter-or-tab', maxFrameLength: max });
        const outputs = reports.flatMap((r, i) => d.push(r, i));
        outputs.push(...d.silence(reports.length));
        for (const o of outputs) if (o.kind === 'frame') expect(o.text.length).toBeLessThanOrEqual(max);
        expect(d.hasPending()).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('window wedge: every key is either handed to the page or part of exactly one scan', () => {
    const codes = ['KeyA', 'KeyQ', 'Digit1', 'Digit0', 'Semicolon', 'BracketLeft', 'Enter', 'Tab', 'ShiftLeft', 'ArrowLeft', 'F5', 'Equal', 'Numpad5'];
    const event = fc.record({
      code: fc.constantFrom(...codes),
      key: fc.string({ maxLength: 2 }),
      shiftKey: fc.boolean(),
      altKey: fc.boolean(),
      ctrlKey: fc.boolean(),
      repeat: fc.boolean(),
      gap: fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 300 })),
    });
    fc.assert(
      fc.property(fc.constantFrom('us', 'sv', 'de', 'fr' as const), fc.array(event, { maxLength: 80 }), (layout, raw) => {
        const decoder = new WindowWedgeDecoder({ layout, minLength: 3 });
        let t = 0;
        let accounted = 0;
        const seen = raw.map(({ gap, ...e }) => ({ ...e, timeStamp: (t += gap) }));
        let scanned = 0;
        for (const e of seen) {
          const deadline = decoder.deadline();
          const decisions = [...(deadline !== null && deadline <= e.timeStamp ? decoder.timeout(deadline) : []), ...decoder.keydown(e)];
          for (const d of decisions) {
            if (d.kind === 'pass-through') accounted += d.events.length;
            if (d.kind === 'scan') {
              scanned += 1;
              accounted += [...d.label].length + 1; // its keys and the terminator (an AIM prefix only shortens the label)
            }
          }
        }
        const deadline = decoder.deadline();
        for (const d of deadline === null ? [] : decoder.timeout(deadline)) if (d.kind === 'pass-through') accounted += d.events.length;
        expect(decoder.deadline()).toBeNull();
        if (scanned === 0) expect(accounted).toBe(seen.length);
        else expect(accounted).toBeLessThanOrEqual(seen.length);
      }),
      { numRuns: 300 },
    );
  });
});
