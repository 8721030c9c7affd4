import { z } from 'zod';

/**
 * What the till's screens (cashier and customer display) are told by the till's config: words the CRM does not
 * give in the screen's language, the membership terms, and whether a customer display is open.
 */

/** A text in both languages of the screens. */
export const BilingualTextSchema = z.object({ sv: z.string().min(1).max(20_000), en: z.string().min(1).max(20_000) });
export type BilingualText = z.infer<typeof BilingualTextSchema>;

/** The membership terms as the customer reads them before accepting. Each change gets a new `version`. */
export const MembershipTermsSchema = z.object({
  version: z.string().min(1).max(40).regex(/^[\w.:-]+$/, 'a terms version may hold letters, digits and . : _ -'),
  title: BilingualTextSchema,
  text: BilingualTextSchema,
});
export type MembershipTerms = z.infer<typeof MembershipTermsSchema>;

/** GET /api/v1/screens */
export const ScreenSettingsSchema = z.object({
  /** The CRM's tier values ("platinum") mapped to the words shown in each language. */
  tierNames: z.record(z.string(), BilingualTextSchema),
  terms: MembershipTermsSchema,
  /** How points are earned and what they are worth, as the store's loyalty scheme says; null where it is not known. */
  points: z.object({
    perCurrencyUnit: z.number().nonnegative().nullable(),
    /** What one point is worth in the till's currency when redeemed. */
    valueEach: z.number().nonnegative().nullable(),
    currency: z.string().regex(/^[A-Z]{3}$/),
  }),
  /** Whether a customer display is following the till now. */
  customerDisplay: z.object({ connected: z.boolean() }),
});
export type ScreenSettings = z.infer<typeof ScreenSettingsSchema>;

/** Where a sign-up's consents were given: the customer on their own display, or on the till's screen turned to them. */
export const ConsentGivenOnSchema = z.enum(['customer_display', 'till_screen']);
export type ConsentGivenOn = z.infer<typeof ConsentGivenOnSchema>;

/** Customer-display events on GET /api/v1/events (variants of TillEventSchema). */
export const CustomerDisplayStatusEventSchema = z.object({ type: z.literal('customer_display.status'), connected: z.boolean() });
/** The cashier handed the sign-up to the customer display; `ended` says how it ended (joined, or cancelled). */
export const CustomerJoinStartedEventSchema = z.object({ type: z.literal('customer_join.started') });
export const CustomerJoinEndedEventSchema = z.object({ type: z.literal('customer_join.ended'), reason: z.enum(['joined', 'cancelled']) });
