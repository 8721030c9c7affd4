import { z } from 'zod';

/** RFC 9457 problem details: every error the POS API answers. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  /** Field-level errors of a rejected body, by path. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** Set with `step_up_required`: what would raise the assurance. */
  methods: z.array(z.string()).optional(),
  profileId: z.string().optional(),
  /** Set with `wrong_pin`: tries left before the manager PIN locks for a while. */
  attemptsLeft: z.number().int().nonnegative().optional(),
  /** Set with a 429 (`too_many_attempts`, `step_up_rate_limited`): seconds until a try is accepted again. */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
