import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../main/api/contract/sseParser';

describe('SseParser', () => {
  it.each([
    ['one event', ['event: scan\ndata: {"a":1}\n\n'], [{ event: 'scan', data: '{"a":1}' }]],
    ['comments and heartbeats are skipped', [': tillid events\n\n: heartbeat\n\nevent: x\ndata: 1\n\n'], [{ event: 'x', data: '1' }]],
    ['an id line is ignored', ['id: 7\nevent: x\ndata: 1\n\n'], [{ event: 'x', data: '1' }]],
    ['data split across chunks', ['event: identi', 'fied\ndata: {"pro', 'file":1}\n', '\n'], [{ event: 'identified', data: '{"profile":1}' }]],
    ['CRLF line ends, split between CR and LF', ['event: x\r', '\ndata: 2\r\n\r\n'], [{ event: 'x', data: '2' }]],
    ['several data lines join with newlines', ['data: a\ndata: b\n\n'], [{ event: 'message', data: 'a\nb' }]],
    ['no space after the colon', ['event:x\ndata:3\n\n'], [{ event: 'x', data: '3' }]],
    ['an event without data is dropped', ['event: x\n\n'], []],
    ['an unfinished event waits', ['event: x\ndata: 1\n'], []],
  ])('%s', (_name, chunks, expected) => {
    const parser = new SseParser();
    expect(chunks.flatMap((chunk) => parser.push(chunk))).toEqual(expected);
  });
});
