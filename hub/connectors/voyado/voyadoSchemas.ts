import { z } from 'zod';

/**
 * Zod schemas of every Voyado Engage v2 answer the connector reads, from the reference's examples. Loose objects:
 * a tenant's contacts carry its own extra attributes, and a field Voyado adds later must not break the hub.
 */

/** A contact id: a GUID. */
export const VoyadoContactIdSchema = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);

const optionalText = z.string().nullish();

/** `GET /api/v2/contacts/{id}`: `{id, contactType, attributes, preferences, consents}`. */
export const VoyadoContactSchema = z.object({
  id: VoyadoContactIdSchema,
  contactType: z.string().min(1),
  attributes: z.object({
    firstName: optionalText,
    lastName: optionalText,
    email: optionalText,
    mobilePhone: optionalText,
    memberNumber: optionalText,
  }).loose(),
  preferences: z.object({ acceptsEmail: z.boolean().nullish(), acceptsSms: z.boolean().nullish(), acceptsPostal: z.boolean().nullish() }).loose().nullish(),
  consents: z.array(z.object({ id: z.string().min(1), value: z.boolean().nullish(), date: z.string().nullish() }).loose()).nullish(),
}).loose();
export type VoyadoContact = z.infer<typeof VoyadoContactSchema>;

/** `GET /api/v2/contacts/id`: the contact id as a JSON string. */
export const VoyadoFoundIdSchema = VoyadoContactIdSchema;

/** `GET /api/v2/contacts/changes`: contact ids only. */
export const VoyadoChangedIdsSchema = z.array(VoyadoContactIdSchema);

/** `GET /api/v2/point-accounts?contactId=`: the contact's accounts, one per point definition. */
export const VoyadoPointAccountsSchema = z.array(z.object({ definitionId: z.number().int(), balance: z.number().finite() }).loose());

/** `GET /api/v2/contacts/{id}/promotions?redemptionChannelType=POS`. */
export const VoyadoPromotionsSchema = z.array(z.object({
  id: z.string().min(1).max(100),
  name: z.string().nullish(),
  expiresOn: z.string().nullish(),
  redemptionChannels: z.array(z.object({ type: z.string(), valueType: z.string().nullish(), value: z.string().nullish(), instruction: z.string().nullish() }).loose()).nullish(),
}).loose());
export type VoyadoPromotion = z.infer<typeof VoyadoPromotionsSchema>[number];

/** A sum of money as Voyado gives it: `{currency, amount}`. */
const VoyadoMoneySchema = z.object({ currency: z.string().regex(/^[A-Za-z]{3}$/), amount: z.number().finite() }).loose();

/**
 * `GET /api/v3/reward-vouchers/available?contactId=` ("Vouchers", v3): a page `{count, offset, items, totalCount}` of
 * the contact's vouchers, each `{id, voucherNumber, name, redeemed, redeemedOn, expiresOn, value {currency, amount},
 * localValues, points}`. The id (a GUID) is the one to redeem.
 */
export const VoyadoRewardVoucherSchema = z.object({
  id: VoyadoContactIdSchema,
  voucherNumber: optionalText,
  name: optionalText,
  redeemed: z.boolean().nullish(),
  expiresOn: optionalText,
  value: VoyadoMoneySchema.nullish(),
}).loose();
export type VoyadoRewardVoucher = z.infer<typeof VoyadoRewardVoucherSchema>;

export const VoyadoRewardVoucherPageSchema = z.object({
  items: z.array(VoyadoRewardVoucherSchema),
  totalCount: z.number().int().nonnegative().nullish(),
}).loose();
