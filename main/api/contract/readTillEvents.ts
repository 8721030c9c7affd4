import { TillEventSchema, type TillEvent } from './events';
import { SseParser } from './sseParser';

/**
 * Reads a GET /api/v1/events body (text/event-stream) to its end, handing each event that parses with the contract's
 * schema to `onEvent`; one that does not is skipped. Rejects when the stream fails or is aborted.
 */
export async function readTillEvents(body: ReadableStream<Uint8Array>, onEvent: (event: TillEvent) => void): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (const message of parser.push(decoder.decode(value, { stream: true }))) {
      const event = parseTillEvent(message.data);
      if (event) onEvent(event);
    }
  }
}

function parseTillEvent(data: string): TillEvent | null {
  try {
    const parsed = TillEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
