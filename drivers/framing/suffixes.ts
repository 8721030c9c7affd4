import { z } from 'zod';

/** What ends a frame on a serial line. `none` means silence ends it. */
export const SerialSuffixSchema = z.enum(['cr', 'lf', 'crlf', 'tab', 'etx', 'none']);
export type SerialSuffix = z.infer<typeof SerialSuffixSchema>;

export const SerialPrefixSchema = z.enum(['none', 'stx']);
export type SerialPrefix = z.infer<typeof SerialPrefixSchema>;

export const SUFFIX_BYTES: Readonly<Record<Exclude<SerialSuffix, 'none'>, Uint8Array>> = {
  cr: Uint8Array.of(0x0d),
  lf: Uint8Array.of(0x0a),
  crlf: Uint8Array.of(0x0d, 0x0a),
  tab: Uint8Array.of(0x09),
  etx: Uint8Array.of(0x03),
};

export const PREFIX_BYTES: Readonly<Record<Exclude<SerialPrefix, 'none'>, Uint8Array>> = {
  stx: Uint8Array.of(0x02),
};
