import { z } from 'zod';
import { currencyMinorDigits } from '../../base/currencyMinorUnits';
import type { OutboxItem } from '../cache/types';
import type { UploadItemEnvelope } from '../protocol/upload';
import { derivedIdempotencyKey } from './derivedIdempotencyKey';

/**
 * Outbox items as upload items. The cache stores what the POS gave (epoch-ms times, minor units, the receipt's lines
 * in `body`) and keeps `profileId` current through merges, mappings and erasures; the wire wants ISO times, major
 * units and the current profile id. Never throws: a payload that does not fit is sent as it can be built, and the
 * CRM's `rejected` answer turns it into a dead letter a manager can see.
 */
export interface OutboxUpload {
  item: OutboxItem;
  /** One envelope for a receipt or a consent; a sign-up also carries the consents given with it. */
  envelopes: UploadItemEnvelope[];
}

const ReceiptOutboxPayload = z.looseObject({
  receiptId: z.string(),
  createdAt: z.union([z.number(), z.string()]),
  currency: z.string(),
  totalMinor: z.number().optional(),
  body: z.unknown(),
});
const ReceiptBody = z.looseObject({ kind: z.unknown().optional(), lines: z.unknown().optional(), payments: z.unknown().optional(), total: z.number().optional() });
const SignupOutboxPayload = z.looseObject({
  provisionalId: z.string(),
  firstName: z.string().nullable().optional(),
  identifiers: z.array(z.object({ kind: z.string(), value: z.string() })),
  consents: z.array(z.looseObject({ purpose: z.string(), granted: z.boolean(), at: z.union([z.number(), z.string()]), source: z.string(), version: z.string().optional() })).optional(),
  createdAt: z.union([z.number(), z.string()]),
});
const ConsentOutboxPayload = z.looseObject({ purpose: z.string(), granted: z.boolean(), at: z.union([z.number(), z.string()]), source: z.string(), version: z.string().optional() });

const ReceiptDeliveryOutboxPayload = z.looseObject({
  receiptId: z.string(),
  channel: z.string(),
  to: z.string().nullable(),
  requestedAt: z.union([z.number(), z.string()]),
});

/** The cache's consent purposes in the CRM's spelling. */
const WIRE_PURPOSE: Record<string, string> = { terms: 'terms', marketing_email: 'marketingEmail', marketing_sms: 'marketingSms' };

/** Null when the item no longer needs sending: a consent of a person erased since (the CRM would discard it). */
export function outboxUpload(item: OutboxItem, tillId: string): OutboxUpload | null {
  const key = item.idempotencyKey;
  switch (item.kind) {
    case 'receipt': {
      const parsed = ReceiptOutboxPayload.safeParse(item.payload);
      if (!parsed.success) return { item, envelopes: [{ idempotencyKey: key, kind: 'receipt', payload: item.payload }] };
      const p = parsed.data;
      const body = ReceiptBody.safeParse(p.body);
      const total = body.success && body.data.total !== undefined ? body.data.total : majorUnits(p.totalMinor, p.currency);
      return {
        item,
        envelopes: [
          {
            idempotencyKey: key,
            kind: 'receipt',
            payload: {
              receiptId: p.receiptId,
              // Receipts queued before returns existed carry no kind: they were sales.
              kind: body.success && body.data.kind !== undefined ? body.data.kind : 'sale',
              profileId: item.profileId,
              createdAt: isoTime(p.createdAt),
              currency: p.currency,
              total,
              lines: body.success ? (body.data.lines ?? []) : [],
              payments: body.success ? (body.data.payments ?? []) : [],
              tillId,
            },
          },
        ],
      };
    }
    case 'signup': {
      const parsed = SignupOutboxPayload.safeParse(item.payload);
      if (!parsed.success) return { item, envelopes: [{ idempotencyKey: key, kind: 'signup', payload: item.payload }] };
      const p = parsed.data;
      const signup: UploadItemEnvelope = {
        idempotencyKey: key,
        kind: 'signup',
        payload: { provisionalId: p.provisionalId, firstName: p.firstName ?? null, identifiers: p.identifiers, createdAt: isoTime(p.createdAt), tillId },
      };
      // Same batch, after the sign-up: the CRM resolves the provisional id through the mapping it has just made.
      const consents = (p.consents ?? []).map<UploadItemEnvelope>((c) => ({
        idempotencyKey: derivedIdempotencyKey(key, `consent:${c.purpose}`),
        kind: 'consent',
        payload: {
          profileId: p.provisionalId, purpose: WIRE_PURPOSE[c.purpose] ?? c.purpose, granted: c.granted, at: isoTime(c.at), source: c.source,
          ...(c.version ? { version: c.version } : {}),
        },
      }));
      return { item, envelopes: [signup, ...consents] };
    }
    case 'consent': {
      if (item.profileId === null) return null;
      const parsed = ConsentOutboxPayload.safeParse(item.payload);
      if (!parsed.success) return { item, envelopes: [{ idempotencyKey: key, kind: 'consent', payload: item.payload }] };
      const p = parsed.data;
      return {
        item,
        envelopes: [
          {
            idempotencyKey: key,
            kind: 'consent',
            payload: {
              profileId: item.profileId, purpose: WIRE_PURPOSE[p.purpose] ?? p.purpose, granted: p.granted, at: isoTime(p.at), source: p.source,
              ...(p.version ? { version: p.version } : {}),
            },
          },
        ],
      };
    }
    case 'receipt_delivery': {
      const parsed = ReceiptDeliveryOutboxPayload.safeParse(item.payload);
      if (!parsed.success) return { item, envelopes: [{ idempotencyKey: key, kind: 'receipt_delivery', payload: item.payload }] };
      const p = parsed.data;
      return {
        item,
        envelopes: [
          {
            idempotencyKey: key,
            kind: 'receipt_delivery',
            payload: { receiptId: p.receiptId, channel: p.channel, to: p.to, profileId: item.profileId, requestedAt: isoTime(p.requestedAt), tillId },
          },
        ],
      };
    }
  }
}

function isoTime(value: number | string): string {
  if (typeof value === 'string') return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/** Minor units back to the major unit the POS gave, with the currency's own number of decimals (SEK 2, JPY 0). */
function majorUnits(minor: number | undefined, currency: string): number | undefined {
  if (minor === undefined) return undefined;
  // Not an ISO 4217 code: the CRM will reject the receipt on its currency anyway.
  return Math.round(minor) / 10 ** (currencyMinorDigits(currency) ?? 2);
}
