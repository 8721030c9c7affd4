import { DelimiterFramer } from './delimiterFramer';
import type { Framer } from './framerOutput';
import { PrefixFramer } from './prefixFramer';
import { SilenceFramer } from './silenceFramer';
import { StrayLineEndFramer } from './strayLineEndFramer';
import { PREFIX_BYTES, SUFFIX_BYTES, type SerialPrefix, type SerialSuffix } from './suffixes';

export interface FramingOptions {
  suffix: SerialSuffix;
  prefix: SerialPrefix;
  maxFrameLength: number;
}

/** Composes the framing rules a device's configuration asks for. */
export function createFramer(options: FramingOptions): Framer {
  let framer: Framer =
    options.suffix === 'none'
      ? new SilenceFramer({ maxLength: options.maxFrameLength })
      : new DelimiterFramer({ delimiter: SUFFIX_BYTES[options.suffix], maxLength: options.maxFrameLength, abandonOnSilence: true });
  // Line-end tolerance only where a line end is the suffix (TAB/ETX-framed data may carry CR or LF on purpose),
  // and before the prefix check, so the LF of a CRLF sent to a CR-configured till is not taken for noise.
  if (options.suffix === 'cr' || options.suffix === 'lf' || options.suffix === 'crlf' || options.suffix === 'none') framer = new StrayLineEndFramer(framer);
  if (options.prefix !== 'none') framer = new PrefixFramer(framer, PREFIX_BYTES[options.prefix]);
  return framer;
}
