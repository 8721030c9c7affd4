import type { ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import { TillFailure } from '../tillFailure';
import { PROBLEMS, type ProblemCode } from './problemTable';

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${contentType}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** A failure the API itself raises, with any code of the problem table. */
export function apiFailure(code: ProblemCode, detail: string, extra: Record<string, unknown> = {}): TillFailure<ProblemCode> {
  return new TillFailure<ProblemCode>(code, detail, extra);
}

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}

/** The one way a problem document is sent: status and type from the problem table, words from the failure. */
export function sendFailure(res: ServerResponse, failure: TillFailure<ProblemCode>): void {
  const { status } = PROBLEMS[failure.code];
  const body = { ...failure.extra, type: `https://tillid.dev/problems/${failure.code}`, title: titleFor(status), status, detail: failure.message };
  sendJson(res, status, body, 'application/problem+json');
}

/** 400 `invalid_body`, naming the first field that is wrong and listing them all. */
export function invalidBody(error: ZodError, what: string): TillFailure<ProblemCode> {
  const errors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  const first = errors[0];
  return apiFailure('invalid_body', first ? `The ${what} is not valid: ${first.path}: ${first.message}` : `The ${what} is not valid.`, { errors });
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
    413: 'Payload too large', 415: 'Unsupported media type', 421: 'Misdirected request', 422: 'Unprocessable content',
    429: 'Too many requests', 500: 'Internal error', 502: 'Bad gateway', 503: 'Unavailable', 504: 'Gateway timeout', 507: 'Insufficient storage',
  };
  return titles[status] ?? 'Error';
}
