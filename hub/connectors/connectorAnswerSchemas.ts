import { z } from 'zod';
import { IdentifierTupleSchema, ProfileIdSchema } from '../../sync/protocol';
import type { ConnectorAnswer, ConnectorChanges, ConnectorMember } from './crmConnector';

/**
 * A connector's answers checked at the boundary: a connector wraps a foreign API, and one that hands back garbage
 * (a half-parsed body, a missing id, a status it made up) must be retried and counted, never trusted into the
 * mirror or the ledger. Each schema matches its type in crmConnector.ts.
 */
const reason = z.string().max(10_000);

export function connectorAnswerSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('status', [
    z.object({ status: z.literal('accepted'), value }),
    z.object({ status: z.literal('duplicate'), value }),
    z.object({ status: z.literal('rejected'), reason }),
    z.object({ status: z.literal('retry_later'), reason, retryAfterMs: z.number().finite().nonnegative().optional() }),
  ]);
}

export const ConnectorMemberSchema = z.object({
  profileId: ProfileIdSchema,
  firstName: z.string().max(200).nullable(),
  lastName: z.string().max(200).nullable(),
  displayName: z.string().max(200).nullable(),
  tier: z.string().max(100).nullable(),
  pointsBalance: z.number().int().finite(),
  pointsAsOf: z.number().finite().nullable(),
  identifiers: z.array(IdentifierTupleSchema).max(50),
}) satisfies z.ZodType<ConnectorMember>;

export const ConnectorChangesSchema = z.object({
  changed: z.array(ProfileIdSchema).max(250_000),
  erased: z.array(ProfileIdSchema).max(250_000),
  position: z.string().min(1).max(10_000),
}) satisfies z.ZodType<ConnectorChanges>;

export const SignUpAnswerSchema = connectorAnswerSchema(z.object({ profileId: ProfileIdSchema }));
export const ReceiptAnswerSchema = connectorAnswerSchema(z.null());
export const ConsentAnswerSchema = connectorAnswerSchema(z.null());
export const CompleteContactAnswerSchema = connectorAnswerSchema(z.null());
export const RedeemAnswerSchema = connectorAnswerSchema(z.object({ pointsBalance: z.number().finite() }));
export const LookupAnswerSchema = connectorAnswerSchema(ConnectorMemberSchema.nullable());
export const ChangesAnswerSchema = connectorAnswerSchema(ConnectorChangesSchema);

/** Parsed, or null when the connector answered something that is not an answer. */
export function parseConnectorAnswer<T>(schema: z.ZodType<ConnectorAnswer<T>>, answer: unknown): ConnectorAnswer<T> | null {
  const parsed = schema.safeParse(answer);
  return parsed.success ? parsed.data : null;
}
