import { z } from 'zod';
import { ConsentGivenOnSchema } from './screens';

export const SignupRequestSchema = z
  .object({
    phone: z.string().trim().min(1).max(64).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    firstName: z.string().trim().min(1).max(100).optional(),
    consents: z.object({
      terms: z.literal(true, { message: 'the member terms must be accepted (terms: true)' }),
      marketingEmail: z.boolean().optional(),
      marketingSms: z.boolean().optional(),
      /** The version of the terms the customer was shown (GET /api/v1/screens); recorded with the consent. */
      termsVersion: z.string().min(1).max(40).regex(/^[\w.:-]+$/).optional(),
    }),
    /** Where the customer gave the consents; recorded as the consents' source. */
    givenOn: ConsentGivenOnSchema.optional(),
  })
  .refine((body) => body.phone !== undefined || body.email !== undefined, {
    message: 'give a phone number or an email address',
    path: ['phone'],
  });
export type SignupRequest = z.infer<typeof SignupRequestSchema>;

export const SignupResponseSchema = z.object({ profileId: z.string(), status: z.literal('pending_sync') });
export type SignupResponse = z.infer<typeof SignupResponseSchema>;
