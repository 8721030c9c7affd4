import { PREFIX_BYTES, SUFFIX_BYTES, type SerialPrefix, type SerialSuffix } from '../framing/suffixes';
import type { TextEncoding } from '../scan/decodeLabelBytes';

export interface SerialScanFraming {
  suffix: SerialSuffix;
  prefix: SerialPrefix;
  encoding: TextEncoding;
}

/** The bytes a serial scanner sends for one label: [prefix][AIM id]data[suffix]. */
export function serialScanBytes(data: string, framing: SerialScanFraming, aim?: string): Uint8Array {
  const text = `${aim ?? ''}${data}`;
  const body = framing.encoding === 'utf8' ? new TextEncoder().encode(text) : latin1Bytes(text);
  const prefix = framing.prefix === 'none' ? new Uint8Array(0) : PREFIX_BYTES[framing.prefix];
  const suffix = framing.suffix === 'none' ? new Uint8Array(0) : SUFFIX_BYTES[framing.suffix];
  const out = new Uint8Array(prefix.length + body.length + suffix.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  out.set(suffix, prefix.length + body.length);
  return out;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    out[i] = code <= 0xff ? code : 0x3f; // '?' for what latin1 cannot carry
  }
  return out;
}
