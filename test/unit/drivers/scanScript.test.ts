import { describe, expect, it } from 'vitest';
import { encodeHidPosReports } from '../../../drivers/hid/pos/encodeHidPosReports';
import { HID_POS_REPORT_FORMATS } from '../../../drivers/hid/pos/hidPosReportFormat';
import { hidReportsForScan } from '../../../drivers/emulate/hidScriptTarget';
import { parseScript, ScriptError } from '../../../drivers/emulate/scanScript';
import { serialScanBytes } from '../../../drivers/emulate/serialScanBytes';
import { LAYOUTS } from '../../../drivers/keyboard/layouts';

describe('emulator scripts', () => {
  it('parses every kind of step, skipping blanks and comments', () => {
    const steps = parseScript(
      [
        '# a morning at the till',
        '{"type":"meta","source":"record","transport":"serial"}',
        '{"type":"scan","data":"7350053850019","aim":"]E0","suffix":"crlf","byteDelayMs":2}',
        '',
        '{"type":"garbage","hex":"fffe00"}',
        '{"type":"garbage","text":"noise"}',
        '{"type":"wait","ms":50}',
        '{"type":"unplug"}',
        '{"type":"replug","delayMs":200}',
        '{"type":"bytes","hex":"3733350d","delayMs":12.5}',
        '{"type":"report","hex":"0000270000000000"}',
        '{"type":"scan","data":"x","repeat":3,"delayMs":5}',
      ].join('\n'),
    );
    expect(steps.map((s) => s.type)).toEqual(['meta', 'scan', 'garbage', 'garbage', 'wait', 'unplug', 'replug', 'bytes', 'report', 'scan']);
    expect(steps[1]).toMatchObject({ data: '7350053850019', aim: ']E0', suffix: 'crlf', byteDelayMs: 2, repeat: 1, delayMs: 0 });
  });

  it.each([
    ['{"type":"scan"}', /s\.jsonl:1: data: /],
    ['{"type":"scan","data":"1","suffix":"semicolon"}', /s\.jsonl:1: suffix: /],
    ['{"type":"scan","data":"1","aim":"E0"}', /aim: expected an AIM identifier/],
    ['{"type":"garbage"}', /hex: give exactly one of hex or text/],
    ['{"type":"bytes","hex":"abc"}', /hex: expected hex bytes/],
    ['{"type":"dance"}', /s\.jsonl:1: type: /],
    ['{"type":"scan","data":"1","colour":"red"}', /colour/],
    ['not json', /s\.jsonl:1: not valid JSON/],
  ])('%s is refused with line and field', (line, message) => {
    expect(() => parseScript(line, 's.jsonl')).toThrow(ScriptError);
    expect(() => parseScript(line, 's.jsonl')).toThrow(message);
  });
});

describe('what an emulated scanner sends', () => {
  it.each([
    ['plain CR', { suffix: 'cr', prefix: 'none', encoding: 'utf8' }, undefined, '7350053850019\r'],
    ['STX, AIM, CRLF', { suffix: 'crlf', prefix: 'stx', encoding: 'utf8' }, ']E0', '\x02]E07350053850019\r\n'],
    ['no suffix', { suffix: 'none', prefix: 'none', encoding: 'utf8' }, undefined, '7350053850019'],
  ] as const)('serial: %s', (_name, framing, aim, expected) => {
    expect(Buffer.from(serialScanBytes('7350053850019', framing, aim)).toString('latin1')).toBe(expected);
  });

  it('serial: latin1 sends one byte per character', () => {
    expect(Array.from(serialScanBytes('Å', { suffix: 'none', prefix: 'none', encoding: 'latin1' }))).toEqual([0xc5]);
    expect(Array.from(serialScanBytes('Å', { suffix: 'none', prefix: 'none', encoding: 'utf8' }))).toEqual([0xc3, 0x85]);
  });

  it('HID-POS: the same reports as the encoder', () => {
    const format = HID_POS_REPORT_FORMATS.standard;
    const step = { type: 'scan' as const, data: 'ABC', aim: ']C0', repeat: 1, delayMs: 0 };
    expect(hidReportsForScan(step, { mode: 'pos', format })).toEqual(encodeHidPosReports(new TextEncoder().encode('ABC'), format, ']C0'));
  });

  it('wedge: press and release per character, then Enter', () => {
    const step = { type: 'scan' as const, data: 'åå', repeat: 1, delayMs: 0 };
    const reports = hidReportsForScan(step, { mode: 'wedge', layout: LAYOUTS.sv });
    expect(reports.map((r) => Array.from(r.subarray(0, 3)))).toEqual([[0, 0, 0x2f], [0, 0, 0], [0, 0, 0x2f], [0, 0, 0], [0, 0, 0x28], [0, 0, 0]]);
  });

  it('wedge: a character the layout cannot type is refused', () => {
    expect(() => hidReportsForScan({ type: 'scan', data: 'ö', repeat: 1, delayMs: 0 }, { mode: 'wedge', layout: LAYOUTS.us })).toThrow(/layout us/);
  });
});
