import { describe, expect, it } from 'vitest';
import type { TillEvent } from '../../../main/api/contract/events';
import { readTillEvents } from '../../../main/api/contract/readTillEvents';

/** A response body that gives the chunks one read at a time, then ends (or fails). */
function body(chunks: Uint8Array[], failAtEnd = false): ReadableStream<Uint8Array> {
  const left = [...chunks];
  return new ReadableStream({
    pull(controller) {
      const chunk = left.shift();
      if (chunk) controller.enqueue(chunk);
      else if (failAtEnd) controller.error(new Error('connection reset'));
      else controller.close();
    },
  });
}

const cleared = (reason: string): string => `event: session.cleared\ndata: ${JSON.stringify({ type: 'session.cleared', reason })}\n\n`;

describe('readTillEvents', () => {
  it('hands on each event that parses, across chunks, skipping comments and events that do not parse', async () => {
    const bytes = new TextEncoder().encode(`: tillid events\n\n${cleared('api')}event: x\ndata: {"type":"nonsense"}\n\ndata: not json\n\n${cleared('timeout')}`);
    const split = [bytes.subarray(0, 30), bytes.subarray(30, 31), bytes.subarray(31)];
    const seen: TillEvent[] = [];
    await readTillEvents(body(split), (event) => seen.push(event));
    expect(seen).toEqual([{ type: 'session.cleared', reason: 'api' }, { type: 'session.cleared', reason: 'timeout' }]);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const event = { type: 'device.status', deviceId: 'd1', transport: 'serial', state: 'online', description: 'Skanner på kassa 2' };
    const bytes = new TextEncoder().encode(`event: device.status\ndata: ${JSON.stringify(event)}\n\n`);
    const at = bytes.indexOf(0xc3) + 1;
    const seen: TillEvent[] = [];
    await readTillEvents(body([bytes.subarray(0, at), bytes.subarray(at)]), (e) => seen.push(e));
    expect(seen).toEqual([event]);
  });

  it('rejects when the stream fails, after handing on what came before', async () => {
    const seen: TillEvent[] = [];
    await expect(readTillEvents(body([new TextEncoder().encode(cleared('api'))], true), (event) => seen.push(event))).rejects.toThrow('connection reset');
    expect(seen).toHaveLength(1);
  });
});
