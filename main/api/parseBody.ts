import type { z } from 'zod';
import { readJsonBody } from './requestGuards';
import { sendProblem, zodProblem } from './problem';
import type { RouteContext } from './router';

/** Reads and parses a request body; on a schema mismatch answers 400 naming the field and returns undefined. */
export async function parseBody<T extends z.ZodType>(ctx: RouteContext, schema: T, what: string): Promise<z.infer<T> | undefined> {
  const parsed = schema.safeParse(await readJsonBody(ctx.req));
  if (parsed.success) return parsed.data;
  sendProblem(ctx.res, zodProblem(parsed.error, what));
  return undefined;
}
