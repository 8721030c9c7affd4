import { z } from 'zod';

/** How a device's bytes become text. Scanners send UTF-8 or a single-byte code page; latin1 is ISO-8859-1. */
export const TextEncodingSchema = z.enum(['utf8', 'latin1']);
export type TextEncoding = z.infer<typeof TextEncodingSchema>;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Never throws: invalid UTF-8 becomes U+FFFD, so a bad byte costs one character, not the scan. */
export function decodeLabelBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'utf8') return utf8.decode(bytes);
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}
