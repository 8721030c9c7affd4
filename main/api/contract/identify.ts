import { z } from 'zod';
import { MemberListLoadingSchema } from './memberList';
import { AssuranceSchema, CrmSummarySchema, PresentedKindSchema, ProfileSummarySchema } from './profile';

export const IdentifyRequestSchema = z.object({
  input: z.string().max(8192, 'input is longer than 8192 characters'),
  source: z.enum(['typed', 'scan']).default('typed'),
});
export type IdentifyRequest = z.input<typeof IdentifyRequestSchema>;

/**
 * `ambiguous`: several members share what was given (the CRM side answers so when the till asks after a miss in its
 * cache, and the CRM allows a shared phone number); ask for another identifier. The till's own cache never answers it
 * (an identifier belongs to one member there).
 */
export const IdentifyResultSchema = z.enum(['identified', 'not_found', 'rejected', 'ignored', 'ambiguous']);

export const IdentifyResponseSchema = z.object({
  result: IdentifyResultSchema,
  kind: PresentedKindSchema,
  assurance: AssuranceSchema.optional(),
  reason: z.string().optional(),
  profile: ProfileSummarySchema.optional(),
  /** On `not_found` while the first copy of the member list is still loading: the person may be a member not yet copied. */
  memberList: MemberListLoadingSchema.optional(),
});
export type IdentifyResponse = z.infer<typeof IdentifyResponseSchema>;

export const SessionSchema = z.object({
  customer: z
    .object({
      profile: ProfileSummarySchema,
      kind: PresentedKindSchema,
      assurance: AssuranceSchema,
      identifiedAt: z.string(),
    })
    .nullable(),
  /** The CRM's summary of the current customer, once it came (online only; memory only). */
  summary: CrmSummarySchema.optional(),
});
export type Session = z.infer<typeof SessionSchema>;
