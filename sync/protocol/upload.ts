import { z } from 'zod';
import { receiptIssues } from '../../base/receiptRules';
import { ClearIdentifierSchema, identifierValueProblem } from './identifier';
import { ProfileIdSchema } from './profile';
import { SYNC_LIMITS } from './version';

/** Client-made idempotency key: a UUIDv7 (time-ordered, so the CRM's key index stays append-mostly). */
export const IdempotencyKeySchema = z.uuid({ version: 'v7' });

const money = z.number().finite().refine((n) => Math.abs(n) < 1e10, 'amount out of range');
const isoTime = z.iso.datetime({ offset: true });

export const ReceiptLinePayloadSchema = z.object({
  sku: z.string().min(1).max(64),
  description: z.string().max(200),
  quantity: z.number().finite(),
  unitPrice: money,
  amount: money,
});

/**
 * A finished sale, or a return (`kind: "return"`; absent means a sale, as older tills send it). `receiptId` is unique
 * across all tills: the CRM keeps each receipt once, whatever idempotency key it comes under. `profileId` may be a CRM
 * id, a till's provisional id (resolved through sign-up mappings, held until the sign-up arrives), or an id merged
 * away (followed to the survivor). The same arithmetic as the till's POS API is checked (base/receiptRules), so a
 * receipt whose total is not its lines' (and the points it would earn) is refused as `invalid_payload`.
 */
export const ReceiptPayloadSchema = z
  .object({
    receiptId: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
    kind: z.enum(['sale', 'return']).default('sale'),
    profileId: ProfileIdSchema.nullable(),
    createdAt: isoTime,
    currency: z.string().regex(/^[A-Z]{3}$/),
    total: money,
    lines: z.array(ReceiptLinePayloadSchema).min(1).max(500),
    payments: z.array(z.object({ method: z.string().min(1).max(40), amount: money })).max(20),
    tillId: z.string().min(1).max(100),
  })
  .superRefine((receipt, ctx) => {
    for (const issue of receiptIssues(receipt)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type ReceiptPayload = z.infer<typeof ReceiptPayloadSchema>;

/**
 * A member created at the till under a provisional id. The answer's `mapping` gives the CRM id: a new
 * profile, or an existing one when the CRM already knows one of the identifiers (phone first, then email).
 */
export const SignupPayloadSchema = z.object({
  provisionalId: ProfileIdSchema,
  firstName: z.string().max(100).nullable(),
  /** Normalised clear identifiers, at least one phone or email. */
  identifiers: z
    .array(ClearIdentifierSchema)
    .min(1)
    .max(4)
    .refine((ids) => ids.some((i) => i.kind === 'phone' || i.kind === 'email'), 'a sign-up needs a phone or an email'),
  createdAt: isoTime,
  tillId: z.string().min(1).max(100),
});
export type SignupPayload = z.infer<typeof SignupPayloadSchema>;

/** A consent given or withdrawn at the till. `profileId` resolves like a receipt's. */
export const ConsentPayloadSchema = z.object({
  profileId: ProfileIdSchema,
  /** e.g. `terms`, `marketingEmail`, `marketingSms`. */
  purpose: z.string().min(1).max(50).regex(/^[A-Za-z][\w.-]*$/),
  granted: z.boolean(),
  at: isoTime,
  /** Where it was given, e.g. `till:<tillId>`, or `customer_display` when the customer gave it on their own screen. */
  source: z.string().min(1).max(100),
  /** The version of the text consented to (the membership terms the customer read), when the till knows it. */
  version: z.string().min(1).max(40).optional(),
});
export type ConsentPayload = z.infer<typeof ConsentPayloadSchema>;

/**
 * The customer asked at the till for their receipt by e-mail or SMS. `to` is the address they typed (normalised:
 * E.164 for `sms`, lower-case for `email`), or null to use the contact the CRM holds for `profileId` (the till never
 * shows it). The CRM sends the receipt it holds under `receiptId`; it keeps one request per idempotency key.
 */
export const ReceiptDeliveryPayloadSchema = z
  .object({
    receiptId: z.string().min(1).max(100).regex(/^[\w.:-]+$/),
    channel: z.enum(['email', 'sms']),
    to: z.string().min(3).max(254).nullable(),
    profileId: ProfileIdSchema.nullable(),
    requestedAt: isoTime,
    tillId: z.string().min(1).max(100),
  })
  .superRefine((d, ctx) => {
    if (d.to === null && d.profileId === null) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a receipt delivery needs an address or a member whose contact the CRM knows' });
    }
    const problem = d.to === null ? null : identifierValueProblem(d.channel === 'sms' ? 'phone' : 'email', d.to);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });
export type ReceiptDeliveryPayload = z.infer<typeof ReceiptDeliveryPayloadSchema>;

export const UploadKindSchema = z.enum(['receipt', 'signup', 'consent', 'receipt_delivery']);
export type UploadKind = z.infer<typeof UploadKindSchema>;

/** A typed outbox item, as the till builds it. */
export const UploadItemSchema = z.discriminatedUnion('kind', [
  z.object({ idempotencyKey: IdempotencyKeySchema, kind: z.literal('receipt'), payload: ReceiptPayloadSchema }),
  z.object({ idempotencyKey: IdempotencyKeySchema, kind: z.literal('signup'), payload: SignupPayloadSchema }),
  z.object({ idempotencyKey: IdempotencyKeySchema, kind: z.literal('consent'), payload: ConsentPayloadSchema }),
  z.object({ idempotencyKey: IdempotencyKeySchema, kind: z.literal('receipt_delivery'), payload: ReceiptDeliveryPayloadSchema }),
]);
export type UploadItem = z.infer<typeof UploadItemSchema>;

/**
 * The envelope the CRM parses the batch with: loose on `kind` and `payload`, so one bad item is
 * answered `rejected` on its own instead of failing (and blocking) the whole batch.
 */
export const UploadItemEnvelopeSchema = z.object({
  idempotencyKey: IdempotencyKeySchema,
  kind: z.string().min(1).max(40),
  payload: z.unknown(),
});
export type UploadItemEnvelope = z.infer<typeof UploadItemEnvelopeSchema>;

/** POST /sync/v1/upload */
export const UploadRequestSchema = z.object({
  items: z.array(UploadItemEnvelopeSchema).min(1).max(SYNC_LIMITS.maxUploadItems),
});
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

/**
 * `accepted`: stored now. `duplicate`: stored before (same key, or a receipt with the same receiptId):
 * as good as accepted. `rejected`: never will be (dead letter for a manager); `reason` says why.
 */
export const UploadStatusSchema = z.enum(['accepted', 'duplicate', 'rejected']);
export type UploadStatus = z.infer<typeof UploadStatusSchema>;

/** Known rejection reasons; the field is an open string so a newer CRM's reason never breaks an older till. */
export const UPLOAD_REJECT_REASONS = ['invalid_payload', 'unknown_kind', 'unsupported_kind', 'no_contact'] as const;

export const ProfileMappingSchema = z.object({ provisionalId: ProfileIdSchema, profileId: ProfileIdSchema });
export type ProfileMapping = z.infer<typeof ProfileMappingSchema>;

export const UploadResultSchema = z.object({
  idempotencyKey: IdempotencyKeySchema,
  status: UploadStatusSchema,
  reason: z.string().max(100).optional(),
  /** With `rejected`: a human explanation (which fields), never the offending values. */
  detail: z.string().max(1000).optional(),
  /** With a sign-up's `accepted` or `duplicate`: the CRM id for the till's provisional id. */
  mapping: ProfileMappingSchema.optional(),
});
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** One result per item, in the order of the request. */
export const UploadResponseSchema = z.object({ results: z.array(UploadResultSchema) });
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
