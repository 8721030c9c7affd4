import { z } from 'zod';
import { ProblemSchema } from './problem';
import { AssuranceSchema, ProfileSummarySchema } from './profile';
import { ReceiptIdSchema } from './receipt';

/**
 * Step-up verification on the POS API: which actions need which assurance, and the verifications that raise it.
 * No phone number, address, code or link ever appears in an answer or an event.
 */

/** What a customer may want at the till that needs some proof of who they are. */
export const StepUpActionSchema = z.enum([
  'attach_receipt',
  'earn_points',
  'show_recent_purchases',
  'redeem_points',
  'use_personal_offer',
  'change_contact_details',
]);
export type StepUpAction = z.infer<typeof StepUpActionSchema>;

/** The same three methods as the sync protocol's StepUpMethodSchema (the contract may import only itself). */
export const StepUpMethodSchema = z.enum(['sms', 'email_link', 'bankid']);
export type StepUpMethod = z.infer<typeof StepUpMethodSchema>;

/** What the customer can show instead, at the till, without the CRM (works offline). */
export const PresentableProofSchema = z.enum(['member_qr', 'card']);
export type PresentableProof = z.infer<typeof PresentableProofSchema>;

/** POST /api/v1/actions/check */
export const ActionCheckRequestSchema = z.object({ action: StepUpActionSchema });
export type ActionCheckRequest = z.infer<typeof ActionCheckRequestSchema>;

export const ActionAllowedSchema = z.object({
  allowed: z.literal(true),
  action: StepUpActionSchema,
  required: AssuranceSchema,
  current: AssuranceSchema,
});
export type ActionAllowed = z.infer<typeof ActionAllowedSchema>;

/** 403 `step_up_required`: never a bare refusal, always what would raise the assurance here and now. */
export const StepUpRequiredProblemSchema = ProblemSchema.extend({
  action: StepUpActionSchema,
  required: AssuranceSchema,
  current: AssuranceSchema,
  /** Verifications the till can start for this customer now; empty when offline. */
  methods: z.array(StepUpMethodSchema),
  /** What the customer could show instead (a signed member QR is `verified`, a card is `possession`). */
  present: z.array(PresentableProofSchema),
  /** True when the CRM cannot be reached: no verification can start; `stillAllowed` is what works. */
  offline: z.boolean(),
  /** Actions the customer's current assurance already allows. */
  stillAllowed: z.array(StepUpActionSchema),
});
export type StepUpRequiredProblem = z.infer<typeof StepUpRequiredProblemSchema>;

/** POST /api/v1/step-up */
export const StartStepUpRequestSchema = z.object({
  method: StepUpMethodSchema,
  /**
   * The verification is for redeeming an offer: it may start for a customer already `verified` by a member QR, since
   * the CRM took no proof of them (the QR was too old for it, or not its own) but a verification it runs.
   */
  forOffer: z.boolean().optional(),
});
export type StartStepUpRequest = z.infer<typeof StartStepUpRequestSchema>;

/** POST /api/v1/step-up/:id/code. Spaces and dashes as people type them ("123 456") are ignored. */
export const StepUpCodeRequestSchema = z.object({
  code: z
    .string()
    .max(32)
    .transform((code) => code.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'the code is the 6 digits from the text message')),
});
export type StepUpCodeRequest = z.input<typeof StepUpCodeRequestSchema>;

export const StepUpStatusSchema = z.enum(['pending', 'verified', 'expired', 'too_many_tries', 'failed', 'cancelled']);
export type StepUpStatus = z.infer<typeof StepUpStatusSchema>;

/** A BankID message from BankID's guidelines (an RFA code) in both languages of the screens. */
export const BankIdMessageSchema = z.object({ key: z.string(), sv: z.string(), en: z.string() });
export type BankIdMessageView = z.infer<typeof BankIdMessageSchema>;

export const StepUpViewSchema = z.object({
  verificationId: z.string(),
  method: StepUpMethodSchema,
  profileId: z.string(),
  status: StepUpStatusSchema,
  /** ISO time after which it can no longer be completed. */
  expiresAt: z.string(),
  /** SMS: digits in the code. */
  codeLength: z.number().int().optional(),
  /** SMS: wrong codes still accepted. */
  triesLeft: z.number().int().nonnegative().optional(),
  /** BankID: the order's state, the animated QR code's current data (null once scanned or over) and the message. */
  bankId: z
    .object({
      status: z.enum(['pending', 'complete', 'failed', 'cancelled']),
      hintCode: z.string().nullable(),
      qrData: z.string().nullable(),
      message: BankIdMessageSchema.nullable(),
    })
    .optional(),
});
export type StepUpView = z.infer<typeof StepUpViewSchema>;

export const StepUpCodeAnswerSchema = z.object({
  result: z.enum(['verified', 'wrong_code', 'expired', 'too_many_tries', 'not_pending']),
  verification: StepUpViewSchema,
});
export type StepUpCodeAnswer = z.infer<typeof StepUpCodeAnswerSchema>;

/** Why a verification ended without raising the customer's assurance. */
export const StepUpFailureReasonSchema = z.enum(['expired', 'too_many_tries', 'failed', 'cancelled', 'customer_changed', 'offline']);
export type StepUpFailureReason = z.infer<typeof StepUpFailureReasonSchema>;

/** POST /api/v1/points/redeem: spends the current customer's points (online only: the CRM confirms each one). */
export const RedeemPointsRequestSchema = z.object({
  points: z.number().int().positive().max(10_000_000),
  /** The sale the points pay towards, when the POS knows it. */
  receiptId: ReceiptIdSchema.optional(),
});
export type RedeemPointsRequest = z.infer<typeof RedeemPointsRequestSchema>;

/** 200: the CRM spent the points; `profile` is the customer with the new balance. */
export const RedeemPointsAnswerSchema = z.object({
  status: z.literal('redeemed'),
  points: z.number().int().positive(),
  pointsBalance: z.number().int(),
  /** ISO time of the new balance. */
  pointsAsOf: z.string(),
  profile: ProfileSummarySchema,
});
export type RedeemPointsAnswer = z.infer<typeof RedeemPointsAnswerSchema>;

/** Points were redeemed for the customer at this till: screens show the new balance. */
export const PointsRedeemedEventSchema = z.object({
  type: z.literal('points.redeemed'),
  profile: ProfileSummarySchema,
  points: z.number().int().positive(),
  receiptId: z.string().nullable(),
});

/** POST /api/v1/offers/redeem: redeems one of the current customer's offers (online only; behind a step-up the CRM checks). */
export const RedeemOfferRequestSchema = z.object({
  /** The offer's `id` from the customer's summary (`offers` on the session or the `profile.summary` event). */
  offerId: z.string().min(1).max(100),
  /** The sale the offer is used in, when the POS knows it. */
  receiptId: ReceiptIdSchema.optional(),
});
export type RedeemOfferRequest = z.infer<typeof RedeemOfferRequestSchema>;

/** 200: the CRM confirmed it; give the customer the offer now. */
export const RedeemOfferAnswerSchema = z.object({
  status: z.literal('redeemed'),
  offer: z.object({ id: z.string(), title: z.string() }),
  /** ISO time the CRM confirmed it. */
  redeemedAt: z.string(),
});
export type RedeemOfferAnswer = z.infer<typeof RedeemOfferAnswerSchema>;

/** Why an offer cannot be redeemed (409 `offer_not_available`). */
export const OfferUnavailableReasonSchema = z.enum(['already_redeemed', 'expired', 'not_found', 'not_at_pos']);
export type OfferUnavailableReason = z.infer<typeof OfferUnavailableReasonSchema>;

/** An offer was redeemed for the customer at this till: screens drop it from the offers they show. */
export const OfferRedeemedEventSchema = z.object({
  type: z.literal('offer.redeemed'),
  profileId: z.string(),
  offer: z.object({ id: z.string(), title: z.string() }),
  receiptId: z.string().nullable(),
});

/** The step-up events on GET /api/v1/events (variants of TillEventSchema). */
export const StepUpStartedEventSchema = z.object({ type: z.literal('stepup.started'), verification: StepUpViewSchema });
/** A pending verification changed: a wrong code (triesLeft), a BankID hint, or the next second's QR data. */
export const StepUpUpdatedEventSchema = z.object({ type: z.literal('stepup.updated'), verification: StepUpViewSchema });
export const StepUpCompletedEventSchema = z.object({ type: z.literal('stepup.completed'), verification: StepUpViewSchema, assurance: AssuranceSchema });
export const StepUpFailedEventSchema = z.object({ type: z.literal('stepup.failed'), verification: StepUpViewSchema, reason: StepUpFailureReasonSchema });
