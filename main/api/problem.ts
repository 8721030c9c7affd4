import type { ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import type { Problem } from './contract/problem';

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

export function sendProblem(res: ServerResponse, problem: Omit<Problem, 'title'> & { title?: string }): void {
  const title = problem.title ?? titleFor(problem.status);
  sendJson(res, problem.status, { ...problem, title, type: `https://tillid.dev/problems/${problem.type}` }, 'application/problem+json');
}

export function zodProblem(error: ZodError, what: string): Omit<Problem, 'title'> {
  const errors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  const first = errors[0];
  return {
    type: 'invalid_body',
    status: 400,
    detail: first ? `The ${what} is not valid: ${first.path}: ${first.message}` : `The ${what} is not valid.`,
    errors,
  };
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request', 401: 'Unauthorized', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
    413: 'Payload too large', 415: 'Unsupported media type', 421: 'Misdirected request', 500: 'Internal error', 503: 'Unavailable', 507: 'Insufficient storage',
  };
  return titles[status] ?? 'Error';
}
