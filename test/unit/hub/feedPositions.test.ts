import { describe, expect, it } from 'vitest';
import { CursorSchema, PageTokenSchema } from '../../../sync/protocol';
import { decodeCursor, decodePageToken, encodeCursor, encodePageToken } from '../../../hub/feed/feedPositions';

describe('cursor and page token encoding (the hub side of opaque positions)', () => {
  it('round-trips and stays URL-safe', () => {
    const cursor = encodeCursor('abc123', 4711);
    expect(CursorSchema.parse(cursor)).toBe(cursor);
    expect(decodeCursor(cursor, 'abc123')).toEqual({ seq: 4711 });
    const token = encodePageToken({ epoch: 'abc123', snapshotSeq: 5, afterSeq: 10_000, total: 1_000_000 });
    expect(PageTokenSchema.parse(token)).toBe(token);
    expect(decodePageToken(token, 'abc123')).toEqual({ epoch: 'abc123', snapshotSeq: 5, afterSeq: 10_000, total: 1_000_000 });
  });

  it.each([
    // The hub answers a cursor of another database 410 cursor_expired, as it does a pruned one (test/hub/badInput.test.ts).
    ['another epoch', 'c.zzz.5', null],
    ['garbage', 'hello', null],
    ['a page token', 'b.abc123.0.1.1', null],
    ['a negative sequence', 'c.abc123.-1', null],
  ])('a cursor from %s is not served', (_name, cursor, expected) => {
    expect(decodeCursor(cursor, 'abc123')).toEqual(expected);
  });
});
