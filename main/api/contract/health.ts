import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  online: z.boolean(),
  profiles: z.number().int(),
});
export type Health = z.infer<typeof HealthSchema>;
