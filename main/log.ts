import pino from 'pino';

/**
 * The one logger. Personal data never reaches it: callers log ids and kinds, never inputs,
 * and these paths are redacted as a second line of defence.
 */
const redactPaths = [
  'input', '*.input', 'phone', '*.phone', 'email', '*.email', 'card', '*.card', 'cardNumber', '*.cardNumber',
  'token', '*.token', 'label', '*.label', 'raw', '*.raw', 'value', '*.value', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'code', '*.code',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): pino.Logger {
  const level = options.level ?? process.env.TILLID_LOG_LEVEL ?? 'info';
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { app: 'tillid' } }, options.destination);
}

export type Logger = pino.Logger;
