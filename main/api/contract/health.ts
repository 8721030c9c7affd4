import { z } from 'zod';
import { MemberListLoadingSchema } from './memberList';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  online: z.boolean(),
  profiles: z.number().int(),
  /** While the first copy of the member list loads: how far it is (a miss may be a member not yet copied). */
  memberList: MemberListLoadingSchema.optional(),
});
export type Health = z.infer<typeof HealthSchema>;
