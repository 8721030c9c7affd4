import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createLogFileSink } from './logFileSink';

/**
 * The one logger. Personal data never reaches it: callers log ids and kinds, never inputs,
 * and these paths are redacted as a second line of defence.
 */
const redactPaths = [
  'input', '*.input', 'phone', '*.phone', 'email', '*.email', 'card', '*.card', 'cardNumber', '*.cardNumber',
  'token', '*.token', 'label', '*.label', 'raw', '*.raw', 'value', '*.value', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'code', '*.code',
];

export interface LoggerOptions {
  level?: string;
  destination?: pino.DestinationStream;
  /** Also write every line (at `level`) to `<dir>/tillid.log`, for the manager's diagnostics export. */
  logDir?: string;
  /** Console lines at this level and above go to stderr (default: `level`). */
  consoleLevel?: string;
}

export function createLogger(options: LoggerOptions = {}): pino.Logger {
  const level = options.level ?? process.env.TILLID_LOG_LEVEL ?? 'info';
  const base = { level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { app: 'tillid' } };
  if (options.destination) return pino(base, options.destination);
  const streams: pino.StreamEntry[] = [{ level: (options.consoleLevel ?? level) as pino.Level, stream: pino.destination(2) }];
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true, mode: 0o700 });
    // Not pino.destination: on a full disk its exit flush retries forever (see logFileSink.ts).
    streams.push({ level: level as pino.Level, stream: createLogFileSink(path.join(options.logDir, 'tillid.log')) });
  }
  return pino(base, pino.multistream(streams));
}

export type Logger = pino.Logger;
