import { z } from 'zod';

/** The answer of the shell bridge's `connection()`: the POS API's origin and its bearer token. */
export const ShellConnectionSchema = z.object({
  apiBase: z.url({ protocol: /^https?$/ }),
  token: z.string().min(16).max(200),
});
export type ShellConnection = z.infer<typeof ShellConnectionSchema>;
