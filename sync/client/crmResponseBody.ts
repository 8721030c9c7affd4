import type { z } from 'zod';
import { SyncFailure } from './syncFailure';

/**
 * A response body as a value of `schema`, or a `malformed_response` failure. The message names the request and
 * at most a few field paths, never a value: bodies carry personal data.
 */
export function parseCrmResponseBody<T>(schema: z.ZodType<T>, body: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SyncFailure('malformed_response', `${what}: the answer is not JSON (${body.length} bytes)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const paths = parsed.error.issues.slice(0, 3).map((issue) => issue.path.join('.') || '(root)');
    throw new SyncFailure('malformed_response', `${what}: the answer does not match the protocol (at ${paths.join(', ')})`);
  }
  return parsed.data;
}
