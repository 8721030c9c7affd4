import { z } from 'zod';
import { SYNC_BASE_PATH } from './version';

/**
 * Step-up verification (issue 6): the till asks the CRM to prove that the person at the till owns a profile, by an
 * SMS code, an e-mail link or BankID. The till never holds an SMS gateway, a mail server or a BankID certificate, and
 * never sends a phone number or an e-mail address: it names the profile, and the CRM uses what it holds.
 *
 * Outcomes (a wrong code, a rate limit, an expired order) are 200 answers with a status, not problems: the till
 * branches on them. Problems are kept for what the protocol already means by them (401, 400, 404, 5xx).
 */
export const STEP_UP_PATHS = {
  start: `${SYNC_BASE_PATH}/step-up`,
  verification: `${SYNC_BASE_PATH}/step-up/:id`,
  code: `${SYNC_BASE_PATH}/step-up/:id/code`,
  cancel: `${SYNC_BASE_PATH}/step-up/:id/cancel`,
} as const;

/** A STEP_UP_PATHS template with the verification id filled in. */
export function stepUpPath(template: string, verificationId: string): string {
  return template.replace(':id', encodeURIComponent(verificationId));
}

export const STEP_UP_RULES = {
  smsCodeDigits: 6,
  smsCodeTtlMs: 5 * 60_000,
  /** Wrong codes a verification takes; the next wrong one locks it (`too_many_tries`). */
  smsMaxWrongTries: 5,
  /** Sends (SMS or e-mail) per destination within the window; more get `rate_limited`. */
  sendsPerWindow: 3,
  sendWindowMs: 10 * 60_000,
  emailLinkTtlMs: 10 * 60_000,
  /** How long a BankID order stays open before it fails with `expiredTransaction`. */
  bankIdOrderTtlMs: 3 * 60_000,
} as const;

export const StepUpMethodSchema = z.enum(['sms', 'email_link', 'bankid']);
export type StepUpMethod = z.infer<typeof StepUpMethodSchema>;

/** Where a verification stands. Every status but `pending` is final. */
export const StepUpStatusSchema = z.enum(['pending', 'verified', 'expired', 'too_many_tries', 'failed', 'cancelled']);
export type StepUpStatus = z.infer<typeof StepUpStatusSchema>;

export const VerificationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a verification id');

/** BankID's own order states, as its collect call reports them (`cancelled`: the till or the CRM cancelled it). */
export const BankIdOrderStatusSchema = z.enum(['pending', 'complete', 'failed', 'cancelled']);
export type BankIdOrderStatus = z.infer<typeof BankIdOrderStatusSchema>;

/**
 * BankID hint codes. Unknown future codes are passed through as strings: the till shows the generic message for
 * them, as BankID's guidelines ask.
 */
export const KNOWN_BANKID_HINT_CODES = [
  // pending
  'outstandingTransaction', 'noClient', 'started', 'userMrtd', 'userCallConfirm', 'userSign',
  // failed
  'expiredTransaction', 'certificateErr', 'userCancel', 'cancelled', 'startFailed', 'userDeclinedCall', 'notSupportedByUserApp',
] as const;
export type KnownBankIdHintCode = (typeof KNOWN_BANKID_HINT_CODES)[number];

export const BankIdStateSchema = z.object({
  status: BankIdOrderStatusSchema,
  hintCode: z.string().max(64).nullable(),
  /**
   * The animated QR code's data while the customer has not yet scanned it: `bankid.<qrStartToken>.<seconds>.<hex
   * HMAC-SHA256(qrStartSecret, seconds)>`, computed by the CRM on every poll. It changes every second; the
   * qrStartSecret never leaves the CRM. Null once scanned or over.
   */
  qrData: z.string().regex(/^bankid\.[^.\s]{1,100}\.\d{1,6}\.[0-9a-f]{64}$/).nullable(),
});
export type BankIdState = z.infer<typeof BankIdStateSchema>;

/** One verification as the CRM sees it. Never carries a phone number, an address, a code or a link. */
export const StepUpVerificationSchema = z.object({
  verificationId: VerificationIdSchema,
  /** The profile the till named, as it named it. */
  profileId: z.string().min(1).max(100),
  method: StepUpMethodSchema,
  status: StepUpStatusSchema,
  /** Epoch ms after which it can no longer be completed. */
  expiresAt: z.number().int(),
  /** SMS: digits in the code. */
  codeLength: z.number().int().positive().optional(),
  /** SMS: wrong codes still accepted before the verification locks. */
  triesLeft: z.number().int().nonnegative().optional(),
  bankId: BankIdStateSchema.optional(),
});
export type StepUpVerification = z.infer<typeof StepUpVerificationSchema>;

/** POST /sync/v1/step-up */
export const StepUpStartRequestSchema = z.object({
  profileId: z.string().min(1).max(100),
  method: StepUpMethodSchema,
});
export type StepUpStartRequest = z.infer<typeof StepUpStartRequestSchema>;

/**
 * The answer to a start. The same shape and the same work whether or not the profile exists or has a phone or an
 * address: a caller cannot learn from it who is a member (a code is simply never delivered).
 */
export const StepUpStartResponseSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('started'), verification: StepUpVerificationSchema }),
  z.object({ outcome: z.literal('rate_limited'), retryAfterSeconds: z.number().int().positive() }),
]);
export type StepUpStartResponse = z.infer<typeof StepUpStartResponseSchema>;

/** POST /sync/v1/step-up/:id/code */
export const StepUpCodeRequestSchema = z.object({
  code: z.string().trim().regex(/^\d{4,10}$/, 'a code is digits only'),
});
export type StepUpCodeRequest = z.infer<typeof StepUpCodeRequestSchema>;

export const StepUpCodeResultSchema = z.enum([
  'verified',
  'wrong_code',
  'expired',
  'too_many_tries',
  /** Not an SMS verification, or already over (verified, cancelled). */
  'not_pending',
]);
export type StepUpCodeResult = z.infer<typeof StepUpCodeResultSchema>;

export const StepUpCodeResponseSchema = z.object({
  result: StepUpCodeResultSchema,
  verification: StepUpVerificationSchema,
});
export type StepUpCodeResponse = z.infer<typeof StepUpCodeResponseSchema>;
