import { z } from 'zod';

/**
 * Present while the very first copy of the CRM's member list is still loading into the till: until it is complete, a
 * lookup that finds nobody may be a member not yet copied, not a new customer. `done` of `total` members are in.
 */
export const MemberListLoadingSchema = z.object({
  state: z.literal('loading'),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type MemberListLoading = z.infer<typeof MemberListLoadingSchema>;
