import { describe, expect, it } from 'vitest';
import { createFramer, type FramingOptions } from '../../../drivers/framing/createFramer';
import { DelimiterFramer } from '../../../drivers/framing/delimiterFramer';
import type { FramerOutput } from '../../../drivers/framing/framerOutput';
import { SilenceFramer } from '../../../drivers/framing/silenceFramer';
import { decodeLabelBytes } from '../../../drivers/scan/decodeLabelBytes';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);

/** Frames as text and errors as "!code", the way a reader of the test thinks of them. */
function summarize(outputs: FramerOutput[]): string[] {
  return outputs.map((o) => (o.kind === 'frame' ? text(o.bytes) : `!${o.code}:${o.discardedBytes}`));
}

function feed(options: FramingOptions, chunks: string[], silenceAtEnd = false): string[] {
  const framer = createFramer(options);
  const out = chunks.flatMap((chunk, i) => framer.push(bytes(chunk), i));
  if (silenceAtEnd) out.push(...framer.silence(chunks.length));
  return summarize(out);
}

const cr: FramingOptions = { suffix: 'cr', prefix: 'none', maxFrameLength: 32 };

describe('framing by suffix', () => {
  it.each([
    ['CR', { ...cr }, ['7350053850019\r'], ['7350053850019']],
    ['LF', { ...cr, suffix: 'lf' as const }, ['7350053850019\n'], ['7350053850019']],
    ['CRLF', { ...cr, suffix: 'crlf' as const }, ['7350053850019\r\n'], ['7350053850019']],
    ['CRLF split across chunks', { ...cr, suffix: 'crlf' as const }, ['73500538', '50019\r', '\n'], ['7350053850019']],
    ['CRLF with a lone CR inside', { ...cr, suffix: 'crlf' as const }, ['AB\rCD\r\n'], ['AB\rCD']],
    ['TAB', { ...cr, suffix: 'tab' as const }, ['ABC\tDEF\t'], ['ABC', 'DEF']],
    ['ETX', { ...cr, suffix: 'etx' as const }, ['ABC\x03'], ['ABC']],
    ['ETX keeps CR and LF in the data', { ...cr, suffix: 'etx' as const }, ['L1\r\nL2\x03'], ['L1\r\nL2']],
    ['two scans in one chunk', cr, ['111\r222\r'], ['111', '222']],
    ['one byte at a time', cr, ['1', '1', '\r', '2', '\r'], ['11', '2']],
    ['CRLF sent to a CR till: the stray LF is dropped', cr, ['111\r\n222\r\n'], ['111', '222']],
    ['CRLF sent to an LF till: the stray CR is dropped', { ...cr, suffix: 'lf' as const }, ['111\r\n222\r\n'], ['111', '222']],
    ['empty frames are nothing', cr, ['\r\r\r'], []],
    ['STX prefix stripped', { ...cr, prefix: 'stx' as const }, ['\x02ABC\r'], ['ABC']],
    ['noise before STX dropped, scan kept', { ...cr, prefix: 'stx' as const }, ['zz\x02ABC\r'], ['!garbage:2', 'ABC']],
    ['frame without STX dropped', { ...cr, prefix: 'stx' as const }, ['ABC\r'], ['!garbage:3']],
    ['STX with CRLF to a CR till', { ...cr, prefix: 'stx' as const }, ['\x02A\r\n\x02B\r\n'], ['A', 'B']],
  ])('%s', (_name, options, chunks, expected) => {
    expect(feed(options, chunks)).toEqual(expected);
  });

  it('an oversize frame is reported once and skipped up to the next suffix; the next scan is whole', () => {
    expect(feed({ ...cr, maxFrameLength: 4 }, ['1234\r', '123456789', '0123\r', '5678\r'])).toEqual(['1234', '!oversize:5', '5678']);
  });

  it('CRLF: a frame of exactly the maximum length passes, one more byte does not', () => {
    const options = { ...cr, suffix: 'crlf' as const, maxFrameLength: 3 };
    expect(feed(options, ['abc\r\n', 'abcd\r\n', 'xyz\r\n'])).toEqual(['abc', '!oversize:5', 'xyz']);
  });

  it('silence abandons a frame whose suffix never came, so it cannot merge with the next scan', () => {
    const framer = createFramer(cr);
    expect(summarize(framer.push(bytes('1234'), 0))).toEqual([]);
    expect(framer.hasPending()).toBe(true);
    expect(summarize(framer.silence(1000))).toEqual(['!incomplete:4']);
    expect(summarize(framer.push(bytes('5678\r'), 2000))).toEqual(['5678']);
  });

  it('silence also ends discarding after an oversize frame', () => {
    const framer = createFramer({ ...cr, maxFrameLength: 2 });
    expect(summarize(framer.push(bytes('12345'), 0))).toEqual(['!oversize:3']);
    expect(summarize(framer.silence(1000))).toEqual([]);
    expect(summarize(framer.push(bytes('ab\r'), 2000))).toEqual(['ab']);
  });

  it('keeps the times of the first and last byte', () => {
    const framer = new DelimiterFramer({ delimiter: bytes('\r'), maxLength: 10, abandonOnSilence: true });
    framer.push(bytes('12'), 100);
    const [frame] = framer.push(bytes('3\r'), 112);
    expect(frame).toMatchObject({ kind: 'frame', firstAt: 100, lastAt: 112 });
  });
});

describe('framing by silence (suffix none)', () => {
  const none: FramingOptions = { suffix: 'none', prefix: 'none', maxFrameLength: 8 };

  it.each([
    ['one scan in two chunks', ['7350', '0538'], ['73500538']],
    ['trailing CR is tolerated', ['ABC\r'], ['ABC']],
  ])('%s', (_name, chunks, expected) => {
    expect(feed(none, chunks, true)).toEqual(expected);
  });

  it('over the maximum: one error, then nothing until silence, then the next scan', () => {
    const framer = new SilenceFramer({ maxLength: 4 });
    expect(summarize(framer.push(bytes('123'), 0))).toEqual([]);
    expect(summarize(framer.push(bytes('45'), 1))).toEqual(['!oversize:5']);
    expect(summarize(framer.push(bytes('6789'), 2))).toEqual([]);
    expect(summarize(framer.silence(3))).toEqual([]);
    framer.push(bytes('ab'), 4);
    expect(summarize(framer.silence(5))).toEqual(['ab']);
  });
});

describe('decoding bytes to text', () => {
  it.each([
    [[0x41, 0xc3, 0xa5], 'utf8', 'Aå'],
    [[0x41, 0xe5], 'latin1', 'Aå'],
    [[0x41, 0xe5, 0x42], 'utf8', 'A\uFFFDB'],
    [[0xff, 0xfe, 0xfd], 'utf8', '\uFFFD\uFFFD\uFFFD'],
    [[0xc3], 'utf8', '\uFFFD'],
  ] as const)('%j as %s is %j', (input, encoding, expected) => {
    expect(decodeLabelBytes(Uint8Array.from(input), encoding)).toBe(expected);
  });
});
