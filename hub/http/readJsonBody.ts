import type { IncomingMessage } from 'node:http';

export type RawBodyOutcome = { ok: true; raw: Buffer } | { ok: false; problem: 'too_large' | 'aborted' };
export type BodyOutcome = { ok: true; value: unknown } | { ok: false; problem: 'too_large' | 'malformed_json' | 'aborted' };

/** Reads a body of at most `limit` bytes as sent (a signed webhook is verified over its exact bytes). */
export function readRawBody(req: IncomingMessage, limit: number): Promise<RawBodyOutcome> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      resolve({ ok: false, problem: 'too_large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (outcome: RawBodyOutcome): void => {
      if (done) return;
      done = true;
      resolve(outcome);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        finish({ ok: false, problem: 'too_large' });
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, raw: Buffer.concat(chunks) }));
    req.on('aborted', () => finish({ ok: false, problem: 'aborted' }));
    req.on('error', () => finish({ ok: false, problem: 'aborted' }));
  });
}

/** Reads and parses a JSON body of at most `limit` bytes. An empty body is `undefined`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const read = await readRawBody(req, limit);
  if (!read.ok) return read;
  if (read.raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(read.raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false, problem: 'malformed_json' };
  }
}
