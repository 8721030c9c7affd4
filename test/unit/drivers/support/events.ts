import type { EventEmitter } from 'node:events';
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });

/**
 * The next `event` whose payload satisfies `match`. Bounded: rejects after `timeoutMs` (a failed test, not a
 * timing assertion), so no test waits forever.
 */
export function nextEvent<T>(emitter: EventEmitter, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no matching "${event}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    function listener(payload: T): void {
      if (!match(payload)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(payload);
    }
    emitter.on(event, listener);
  });
}

/** Collects every `event` payload from now on. */
export function collect<T>(emitter: EventEmitter, event: string): T[] {
  const seen: T[] = [];
  emitter.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Resolves once `collected` holds `count` items (bounded like nextEvent). */
export async function untilCount<T>(collected: T[], count: number, timeoutMs = 10_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (collected.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${collected.length} of ${count} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return collected;
}
