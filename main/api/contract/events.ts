import { z } from 'zod';
import { MemberListLoadingSchema } from './memberList';
import { AssuranceSchema, CrmSummarySchema, PresentedKindSchema, ProfileViewSchema } from './profile';
import { IdentifyResultSchema } from './identify';
import { CustomerDisplayStatusEventSchema, CustomerJoinEndedEventSchema, CustomerJoinStartedEventSchema } from './screens';
import { OfferRedeemedEventSchema, PointsRedeemedEventSchema, StepUpCompletedEventSchema, StepUpFailedEventSchema, StepUpStartedEventSchema, StepUpUpdatedEventSchema } from './stepUp';

/**
 * Server-sent events on GET /api/v1/events. No identifier (phone, email, card, token) ever appears in one;
 * a scan's label is included only when it is plainly not about a person (a product GTIN the POS wants).
 */
export const TillEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('scan'),
    deviceId: z.string(),
    transport: z.string(),
    symbology: z.string(),
    kind: PresentedKindSchema,
    result: IdentifyResultSchema,
    /** Only for an `ignored` scan that is a product GTIN (8, 12, 13 or 14 digits, valid check digit): the label. */
    label: z.string().optional(),
    /** For every other scan, instead of the label: how many characters it had. */
    labelLength: z.number().int().nonnegative().optional(),
    receivedAt: z.string(),
  }),
  /**
   * One per identification: the profile view a screen shows (profile, consents, receipts at this till; the CRM's offers
   * and purchases when already held), so no screen fetches the profile again. Never a phone, e-mail or card number.
   */
  ProfileViewSchema.extend({
    type: z.literal('identified'),
    kind: PresentedKindSchema,
    assurance: AssuranceSchema,
    source: z.enum(['typed', 'scan']),
  }),
  z.object({ type: z.literal('identify.not_found'), kind: PresentedKindSchema, source: z.enum(['typed', 'scan']), memberList: MemberListLoadingSchema.optional() }),
  /** Several members share what was presented (the CRM side said so after a miss in the cache): ask for another identifier. */
  z.object({ type: z.literal('identify.ambiguous'), kind: PresentedKindSchema, source: z.enum(['typed', 'scan']) }),
  z.object({ type: z.literal('identify.rejected'), kind: PresentedKindSchema, reason: z.string(), source: z.enum(['typed', 'scan']) }),
  z.object({ type: z.literal('session.cleared'), reason: z.enum(['api', 'receipt', 'timeout', 'erased', 'replaced']) }),
  z.object({ type: z.literal('signup.created'), profileId: z.string() }),
  z.object({ type: z.literal('receipt.queued'), receiptId: z.string(), profileId: z.string().nullable(), total: z.number(), currency: z.string() }),
  z.object({
    type: z.literal('device.status'),
    deviceId: z.string(),
    transport: z.string(),
    state: z.enum(['connecting', 'online', 'offline', 'error']),
    description: z.string(),
    error: z.object({ where: z.string(), message: z.string(), next: z.string() }).optional(),
  }),
  z.object({ type: z.literal('sync.status'), status: z.record(z.string(), z.unknown()), memberList: MemberListLoadingSchema.optional() }),
  StepUpStartedEventSchema,
  StepUpUpdatedEventSchema,
  StepUpCompletedEventSchema,
  StepUpFailedEventSchema,
  PointsRedeemedEventSchema,
  OfferRedeemedEventSchema,
  /** After an identification online: the CRM's offers and recent purchases of the customer (memory only). */
  CrmSummarySchema.extend({ type: z.literal('profile.summary') }),
  CustomerDisplayStatusEventSchema,
  CustomerJoinStartedEventSchema,
  CustomerJoinEndedEventSchema,
]);
export type TillEvent = z.infer<typeof TillEventSchema>;
export type TillEventType = TillEvent['type'];
