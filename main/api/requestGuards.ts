import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TillFailure } from '../tillFailure';

export const MAX_BODY_BYTES = 64 * 1024;

const allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** DNS rebinding defence: only a Host naming the loopback interface is served. */
export function isAllowedHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0] ?? '';
  return allowedHosts.has(host.toLowerCase());
}

export function hasBearerToken(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Why a body was refused (main/api/problemTable.ts gives each its status). */
export type BodyFailureCode = 'unsupported_media_type' | 'body_too_large' | 'malformed_json';

/** Reads a JSON body, refusing more than MAX_BODY_BYTES without buffering it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new TillFailure<BodyFailureCode>('unsupported_media_type', 'Send the body as application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw new TillFailure<BodyFailureCode>('body_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new TillFailure<BodyFailureCode>('body_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TillFailure<BodyFailureCode>('malformed_json', 'The body is not valid JSON.');
  }
}
