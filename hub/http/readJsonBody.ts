import type { IncomingMessage } from 'node:http';

export type BodyOutcome = { ok: true; value: unknown } | { ok: false; problem: 'too_large' | 'malformed_json' | 'aborted' };

/** Reads and parses a JSON body of at most `limit` bytes. An empty body is `undefined`. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
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
    const finish = (outcome: BodyOutcome): void => {
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
    req.on('end', () => {
      if (size === 0) return finish({ ok: true, value: undefined });
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        finish({ ok: false, problem: 'malformed_json' });
      }
    });
    req.on('aborted', () => finish({ ok: false, problem: 'aborted' }));
    req.on('error', () => finish({ ok: false, problem: 'aborted' }));
  });
}
