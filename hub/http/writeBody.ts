import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Bodies longer than this (in UTF-16 code units) go out a slice at a time. One `end()` of a bootstrap page (a few
 * megabytes) encodes and hands the whole page to the kernel in one turn of the event loop, tens of milliseconds in
 * which no change-feed poll is answered; a slice costs about a millisecond.
 */
export const SLICE_CHARS = 256 * 1024;

/** Resolves once the response may take more (`drain`), or is gone (`close`, so a closed socket never hangs the writer). */
async function drained(res: ServerResponse): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: done.signal }), once(res, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/**
 * Writes `body` and ends the response: at once when it is short, else slice by slice, yielding to the event loop
 * after each (waiting for `drain` when the socket's buffer is full), never splitting a surrogate pair. A client that
 * goes away midway ends the writing; nothing throws.
 */
export async function writeBody(res: ServerResponse, body: string): Promise<void> {
  if (body.length <= SLICE_CHARS) {
    res.end(body);
    return;
  }
  let start = 0;
  while (start < body.length) {
    if (res.destroyed) return;
    let end = Math.min(body.length, start + SLICE_CHARS);
    const last = body.charCodeAt(end - 1);
    if (end < body.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    const taken = res.write(body.slice(start, end));
    start = end;
    if (taken) await nextTurn();
    else await drained(res);
  }
  if (!res.destroyed) res.end();
}
