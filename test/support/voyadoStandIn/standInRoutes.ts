import { randomUUID } from 'node:crypto';
import type { StandInContact, StandInContacts, ChangeType } from './standInContacts';
import type { StandInLedger, StandInVoucher } from './standInLedger';

/** One answer of the stand-in: a status and a JSON value (undefined: no body). */
export interface StandInAnswer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent (parsed by the route, so a malformed body is the route's 400). */
  rawBody: string;
}

export interface StandInStore {
  contacts: StandInContacts;
  ledger: StandInLedger;
  /** Ids the changes endpoint may return at most (Voyado: 250,000; more is 400). */
  changesCap: number;
  now: () => number;
}

/** Voyado's error body: `{errorCode, message}`. */
export function voyadoError(status: number, errorCode: string, message: string, headers?: Record<string, string>): StandInAnswer {
  return { status, json: { errorCode, message }, ...(headers ? { headers } : {}) };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** ISO 8601 with an explicit offset, as the receipts reference demands ("local time with an offset"). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?[+-]\d{2}:\d{2}$/;

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function header(req: StandInRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `2023-05-04 11:05:00.000` (the reference's example; read as UTC) or ISO 8601. */
function parseChangeDate(text: string): number | null {
  const plain = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(\.\d{1,3})?)$/.exec(text);
  const ms = plain ? Date.parse(`${plain[1]}T${plain[2]}Z`) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** The routes of Voyado Engage v2 the stand-in serves, and v3's reward vouchers (documented under v3 only). */
export function routeStandIn(store: StandInStore, req: StandInRequest): StandInAnswer {
  const { contacts, ledger } = store;
  const parts = req.path.split('/').filter((p) => p !== '');
  if (parts[0] === 'api' && parts[1] === 'v3' && parts[2] === 'reward-vouchers') return routeVouchers(store, parts.slice(3), req);
  if (parts[0] !== 'api' || parts[1] !== 'v2') return voyadoError(404, 'NotFound', 'no such endpoint');
  const rest = parts.slice(2);

  if (rest[0] === 'contacts' && rest.length === 2 && rest[1] === 'id' && req.method === 'GET') return findContactId(contacts, req.query);
  if (rest[0] === 'contacts' && rest.length === 2 && rest[1] === 'changes' && req.method === 'GET') return contactChanges(store, req.query);
  if (rest[0] === 'contacts' && rest.length === 1 && req.method === 'POST') return createContact(contacts, req);
  if (rest[0] === 'contacts' && rest.length === 2 && req.method === 'GET') {
    const id = rest[1] as string;
    if (!GUID.test(id)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
    const contact = contacts.get(id);
    return contact ? { status: 200, json: contact } : voyadoError(404, 'ContactNotFound', 'no contact with that id');
  }
  if (rest[0] === 'contacts' && rest.length === 2 && req.method === 'POST') return updateContact(contacts, rest[1] as string, req.rawBody);
  if (rest[0] === 'contacts' && rest.length === 3 && rest[2] === 'promotions' && req.method === 'GET') {
    const id = rest[1] as string;
    if (!GUID.test(id)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
    if (!contacts.get(id)) return voyadoError(404, 'ContactNotFound', 'no contact with that id');
    const channel = req.query.get('redemptionChannelType');
    if (channel !== null && !['POS', 'ECOM', 'OTHER'].includes(channel)) return voyadoError(400, 'NotAValidRedemptionChannel', 'redemptionChannelType is POS, ECOM or OTHER');
    const all = (ledger.promotions.get(id.toLowerCase()) ?? []).filter((p) => !ledger.promotionRedemptions.has(p.id));
    return { status: 200, json: channel === null ? all : all.filter((p) => p.redemptionChannels.some((c) => c.type === channel)) };
  }
  if (rest[0] === 'promotions' && rest[1] === 'codes' && rest.length === 4 && rest[3] === 'redeem' && req.method === 'POST') return redeemPromotion(ledger, rest[2] as string, req.rawBody);
  if (rest[0] === 'receipts' && rest.length === 1 && req.method === 'POST') return postReceipt(ledger, req.rawBody);
  if (rest[0] === 'point-accounts' && rest.length === 1 && req.method === 'GET') {
    const contactId = req.query.get('contactId') ?? '';
    if (!GUID.test(contactId)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
    if (!contacts.get(contactId)) return voyadoError(404, 'ContactNotFound', 'no contact with that id');
    return { status: 200, json: [{ id: 1, contactId: contactId.toLowerCase(), definitionId: 1, balance: ledger.balance(contactId), pendingPoints: 0 }] };
  }
  if (rest[0] === 'point-accounts' && rest[1] === 'point-transactions' && rest.length === 2 && req.method === 'POST') return pointTransactions(contacts, ledger, req);
  return voyadoError(404, 'NotFound', 'no such endpoint');
}

/**
 * "Redeem a promotion": `POST /api/v2/promotions/codes/{id}/redeem` `{redemptionChannel}` with the promotion's instance
 * `id` (unique to its contact, so no contact is sent; the template's `promotionId` is not found). 400
 * NotAValidRedemptionChannel / InvalidPromotionIdNoData, 404 PromotionNotFound, 409 PromotionNotValidForRedemptionChannel
 * or PromotionAlreadyRedeemed: a promotion is redeemed once.
 */
function redeemPromotion(ledger: StandInLedger, id: string, rawBody: string): StandInAnswer {
  const body = parseJson(rawBody);
  const channel = body.ok && typeof body.value === 'object' && body.value !== null ? (body.value as { redemptionChannel?: unknown }).redemptionChannel : undefined;
  if (channel !== 'POS' && channel !== 'ECOM' && channel !== 'OTHER') return voyadoError(400, 'NotAValidRedemptionChannel', 'redemptionChannel is ECOM, POS or OTHER');
  if (!GUID.test(id)) return voyadoError(400, 'InvalidPromotionIdNoData', 'the promotion id is not valid');
  for (const [contactId, list] of ledger.promotions) {
    const promotion = list.find((p) => p.id.toLowerCase() === id.toLowerCase());
    if (!promotion) continue;
    const done = ledger.promotionRedemptions.get(promotion.id);
    if (done) {
      done.requests++;
      return voyadoError(409, 'PromotionAlreadyRedeemed', 'the promotion is already redeemed');
    }
    if (!promotion.redemptionChannels.some((c) => c.type === channel)) return voyadoError(409, 'PromotionNotValidForRedemptionChannel', 'not redeemable on that channel');
    ledger.promotionRedemptions.set(promotion.id, { contactId, channel, requests: 1 });
    return { status: 200 };
  }
  return voyadoError(404, 'PromotionNotFound', 'no promotion with that id');
}

/**
 * "Vouchers" (v3): `GET /api/v3/reward-vouchers[/available|/redeemed]?contactId=` answers a page `{count, offset,
 * items, totalCount}`; `POST /api/v3/reward-vouchers/{rewardVoucherId}/redeem` takes no contact (the id is unique to
 * its contact) and answers 200, or 400 InvalidRewardVoucherId, 404 RewardVoucherNotFound, 409
 * RewardVoucherAlreadyRedeemed / RewardVoucherExpired: a voucher is redeemed once, before it expires.
 */
function routeVouchers(store: StandInStore, rest: string[], req: StandInRequest): StandInAnswer {
  const { contacts, ledger } = store;
  if (req.method === 'GET' && (rest.length === 0 || (rest.length === 1 && (rest[0] === 'available' || rest[0] === 'redeemed')))) {
    const contactId = req.query.get('contactId') ?? '';
    if (!GUID.test(contactId)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
    if (!contacts.get(contactId)) return voyadoError(404, 'ContactNotFound', 'no contact with that id');
    const now = store.now();
    const expired = (v: StandInVoucher) => v.expiresOn !== null && Date.parse(v.expiresOn) < now;
    const all = ledger.vouchers.get(contactId.toLowerCase()) ?? [];
    const items = rest[0] === 'available' ? all.filter((v) => !v.redeemed && !expired(v)) : rest[0] === 'redeemed' ? all.filter((v) => v.redeemed) : all;
    return { status: 200, json: { count: items.length, offset: 0, items, totalCount: items.length } };
  }
  if (req.method === 'POST' && rest.length === 2 && rest[1] === 'redeem') {
    const id = rest[0] as string;
    if (!GUID.test(id)) return voyadoError(400, 'InvalidRewardVoucherId', 'the reward voucher id is not valid');
    const voucher = [...ledger.vouchers.values()].flat().find((v) => v.id.toLowerCase() === id.toLowerCase());
    if (!voucher) return voyadoError(404, 'RewardVoucherNotFound', 'no reward voucher with that id');
    ledger.voucherRedeemRequests.set(voucher.id, (ledger.voucherRedeemRequests.get(voucher.id) ?? 0) + 1);
    if (voucher.redeemed) return voyadoError(409, 'RewardVoucherAlreadyRedeemed', 'the reward voucher is already redeemed');
    if (voucher.expiresOn !== null && Date.parse(voucher.expiresOn) < store.now()) return voyadoError(409, 'RewardVoucherExpired', 'the reward voucher has expired');
    voucher.redeemed = true;
    voucher.redeemedOn = new Date(store.now()).toISOString();
    return { status: 200 };
  }
  return voyadoError(404, 'NotFound', 'no such endpoint');
}

function findContactId(contacts: StandInContacts, query: URLSearchParams): StandInAnswer {
  const contactType = query.get('contactType') ?? undefined;
  if (contactType !== undefined && ![...contacts.contactTypes].some((t) => t.toLowerCase() === contactType.toLowerCase())) {
    return voyadoError(400, 'InvalidContactType', 'no such contact type');
  }
  const email = query.get('email');
  const mobilePhone = query.get('mobilePhone');
  const customKey = query.get('customKey');
  const ssn = query.get('socialSecurityNumber');
  let matches: StandInContact[];
  if (email !== null) {
    if (!EMAIL.test(email)) return voyadoError(400, 'InvalidEmailAddress', 'not an e-mail address');
    matches = contacts.match('email', email, contactType);
  } else if (mobilePhone !== null) {
    if (!E164.test(mobilePhone)) return voyadoError(400, 'InvalidPhoneNumber', 'not a phone number in international form');
    matches = contacts.match('mobilePhone', mobilePhone, contactType);
  } else if (ssn !== null) {
    if (!/^\d{12}$/.test(ssn)) return voyadoError(400, 'InvalidSocialSecurityNumber', 'not a personal identity number');
    matches = contacts.match('socialSecurityNumber', ssn, contactType);
  } else if (customKey !== null) {
    matches = contacts.match('memberNumber', customKey, contactType);
  } else {
    return voyadoError(400, 'InvalidSearchQuery', 'give email, mobilePhone, socialSecurityNumber, customKey or any');
  }
  if (matches.length === 0) return voyadoError(404, 'ContactNotFound', 'no contact matches');
  if (matches.length > 1) return voyadoError(409, 'MultipleMatches', 'more than one contact matches');
  return { status: 200, json: (matches[0] as StandInContact).id };
}

function contactChanges(store: StandInStore, query: URLSearchParams): StandInAnswer {
  const changeType = query.get('changeType');
  if (changeType !== 'Created' && changeType !== 'Updated' && changeType !== 'Deleted') return voyadoError(400, 'InvalidChangeType', 'changeType is Created, Updated or Deleted');
  const fromText = query.get('fromDate');
  if (fromText === null) return voyadoError(400, 'InvalidFromDate', 'fromDate is required');
  const from = parseChangeDate(fromText);
  const toText = query.get('toDate');
  const to = toText === null ? store.now() : parseChangeDate(toText);
  if (from === null) return voyadoError(400, 'InvalidFromDate', 'fromDate is not a date');
  if (to === null) return voyadoError(400, 'InvalidToDate', 'toDate is not a date');
  const ids = store.contacts.changes(changeType as ChangeType, from, to);
  if (ids.length > store.changesCap) return voyadoError(400, 'TooManyResults', `more than ${store.changesCap} contacts changed in the window`);
  return { status: 200, json: ids };
}

function createContact(contacts: StandInContacts, req: StandInRequest): StandInAnswer {
  const parsed = parseJson(req.rawBody);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return voyadoError(400, 'InvalidModel', 'the body is not a JSON object');
  const body = parsed.value as Record<string, unknown>;
  const contactType = typeof body.contactType === 'string' ? body.contactType : 'Member';
  const knownType = [...contacts.contactTypes].find((t) => t.toLowerCase() === contactType.toLowerCase());
  if (!knownType) return voyadoError(400, 'InvalidContactType', 'no such contact type');
  const email = typeof body.email === 'string' && body.email !== '' ? body.email : null;
  const mobilePhone = typeof body.mobilePhone === 'string' && body.mobilePhone !== '' ? body.mobilePhone : null;
  if (email === null && mobilePhone === null) return voyadoError(400, 'MissingKey', 'a contact needs its key: mobilePhone or email');
  if (email !== null && !EMAIL.test(email)) return voyadoError(400, 'InvalidEmailAddress', 'not an e-mail address');
  if (mobilePhone !== null && !E164.test(mobilePhone)) return voyadoError(400, 'InvalidPhoneNumber', 'not a phone number in international form');
  // The tenant's keys are mobilePhone and email: a contact that holds either already is that contact, not a new one.
  const existing = [...(mobilePhone ? contacts.match('mobilePhone', mobilePhone, knownType) : []), ...(email ? contacts.match('email', email, knownType) : [])];
  if (existing.length > 0) {
    const ids = new Set(existing.map((c) => c.id));
    if (ids.size > 1) return voyadoError(409, 'MultipleMatches', 'the keys match more than one contact');
    return { status: 200, json: existing[0] };
  }
  // v2 takes source and storeExternalId as headers; the query string is read too (v3's place for them).
  const source = header(req, 'source') ?? req.query.get('source');
  const storeExternalId = header(req, 'storeexternalid') ?? req.query.get('storeExternalId');
  const attributes: StandInContact['attributes'] = {};
  for (const name of ['firstName', 'lastName', 'memberNumber', 'countryCode'] as const) {
    const v = body[name];
    if (typeof v === 'string') attributes[name] = v;
  }
  attributes.email = email;
  attributes.mobilePhone = mobilePhone;
  const contact = contacts.add(attributes, { contactType: knownType, source: source ?? null, storeExternalId: storeExternalId ?? null });
  return { status: 201, json: contact };
}

const PREFERENCES = ['acceptsEmail', 'acceptsSms', 'acceptsPostal'] as const;

/**
 * `POST /api/v2/contacts/{contactId}` ("Update contact"): only what the body names changes, and a value that is there
 * is applied even when empty (the reference's warning: an empty value overwrites the contact's). `preferences` take
 * booleans; `consents` are `{id, value, date, source, comment}` of a consent the tenant set up, and once set a consent
 * is yes or no, never unset. Fields the contact does not have are ignored without an error, as the reference says.
 */
function updateContact(contacts: StandInContacts, id: string, rawBody: string): StandInAnswer {
  if (!GUID.test(id)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
  if (!contacts.get(id)) return voyadoError(404, 'ContactNotFound', 'no contact with that id');
  const parsed = parseJson(rawBody);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return voyadoError(400, 'InvalidModel', 'the body is not a JSON object');
  const body = parsed.value as Record<string, unknown>;
  const preferences = body.preferences as Record<string, unknown> | undefined;
  if (preferences !== undefined) {
    if (typeof preferences !== 'object' || preferences === null || Object.values(preferences).some((v) => typeof v !== 'boolean')) return voyadoError(400, 'InvalidModel', 'preferences take true or false');
  }
  const consents = body.consents as Record<string, unknown>[] | undefined;
  if (consents !== undefined) {
    if (!Array.isArray(consents)) return voyadoError(400, 'InvalidModel', 'consents is an array');
    for (const c of consents) {
      if (typeof c.id !== 'string' || !contacts.consentDefinitions.has(c.id)) return voyadoError(400, 'InvalidConsent', 'no such consent is set up');
      if (typeof c.value !== 'boolean') return voyadoError(400, 'InvalidModel', 'a consent is true or false once set');
      if (typeof c.date !== 'string' || !Number.isFinite(Date.parse(c.date))) return voyadoError(400, 'InvalidModel', 'consents[].date is a date');
      if (typeof c.source !== 'string' || c.source === '') return voyadoError(400, 'InvalidModel', 'consents[].source is required');
    }
  }
  // The tenant's keys stay valid and unique: a contact update cannot give one contact another's e-mail or phone.
  for (const [name, pattern, errorCode] of [['email', EMAIL, 'InvalidEmailAddress'], ['mobilePhone', E164, 'InvalidPhoneNumber']] as const) {
    const value = body[name];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !pattern.test(value)) return voyadoError(400, errorCode, `${name} is not valid`);
    if (contacts.match(name, value).some((other) => other.id !== id.toLowerCase())) return voyadoError(409, 'ContactAlreadyExists', `another contact has that ${name}`);
  }
  const updated = contacts.update(id, (contact) => {
    for (const [name, value] of Object.entries(body)) {
      if (name in contact.attributes && name !== 'contactType') contact.attributes[name] = value;
    }
    for (const name of PREFERENCES) {
      const value = preferences?.[name];
      if (typeof value === 'boolean') contact.preferences[name] = value;
    }
    for (const c of consents ?? []) {
      const entry = { id: c.id as string, value: c.value as boolean, date: c.date as string, source: c.source as string, comment: typeof c.comment === 'string' ? c.comment : null };
      const at = contact.consents.findIndex((held) => held.id === entry.id);
      if (at >= 0) contact.consents[at] = entry;
      else contact.consents.push(entry);
    }
  });
  return { status: 200, json: updated };
}

const MATCH_KEY_TYPES = ['contactid', 'membernumber', 'socialsecuritynumber', 'mobilephone', 'externalid', 'email'];

/** The mandatory receipt fields of the reference (marked *), each checked; Voyado applies receipts later, in batches. */
function receiptProblems(r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const contact = r.contact as Record<string, unknown> | undefined;
  if (typeof contact !== 'object' || contact === null) problems.push('contact is required');
  else {
    if (typeof contact.matchKey !== 'string' || contact.matchKey === '') problems.push('contact.matchKey is required');
    if (typeof contact.matchKeyType !== 'string' || !MATCH_KEY_TYPES.includes(contact.matchKeyType.toLowerCase())) problems.push('contact.matchKeyType is not valid');
  }
  if (typeof r.uniqueReceiptId !== 'string' || r.uniqueReceiptId === '') problems.push('uniqueReceiptId is required');
  if (typeof r.createdDate !== 'string' || !ISO_WITH_OFFSET.test(r.createdDate)) problems.push('createdDate must be ISO 8601 local time with an offset');
  if (typeof r.storeExternalId !== 'string' || r.storeExternalId === '') problems.push('storeExternalId is required');
  if (typeof r.currency !== 'string' || !/^[A-Z]{3}$/.test(r.currency)) problems.push('currency must be ISO 4217');
  if (typeof r.totalGrossPrice !== 'number') problems.push('totalGrossPrice is required');
  if (!Array.isArray(r.paymentMethods)) problems.push('paymentMethods is required');
  if (!Array.isArray(r.items) || r.items.length === 0) problems.push('items is required');
  else {
    for (const item of r.items as Record<string, unknown>[]) {
      if (item.type !== 'PURCHASE' && item.type !== 'RETURN') problems.push('items[].type is PURCHASE or RETURN');
      if (typeof item.quantity !== 'number') problems.push('items[].quantity is required');
      if (typeof item.grossPaidPrice !== 'number') problems.push('items[].grossPaidPrice is required');
    }
  }
  return problems;
}

function postReceipt(ledger: StandInLedger, rawBody: string): StandInAnswer {
  const parsed = parseJson(rawBody);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return voyadoError(400, 'InvalidModel', 'the body is not a JSON object');
  const receipt = parsed.value as Record<string, unknown>;
  const problems = receiptProblems(receipt);
  if (problems.length > 0) return voyadoError(400, 'InvalidModel', problems.join('; '));
  const id = receipt.uniqueReceiptId as string;
  if (ledger.receipts.has(id)) ledger.repeatedReceipts++;
  else ledger.receipts.set(id, receipt);
  // Receipts are queued and applied in batches later: the API accepts without telling whether the contact matched.
  return { status: 202 };
}

function pointTransactions(contacts: StandInContacts, ledger: StandInLedger, req: StandInRequest): StandInAnswer {
  const key = header(req, 'idempotency-key');
  if (key === undefined || key === '' || key.length > 100) return voyadoError(400, 'MissingIdempotencyKey', 'an Idempotency-Key header is required');
  const seen = ledger.idempotency.get(key);
  if (seen) {
    if (seen.body !== req.rawBody) return voyadoError(409, 'IdempotencyKeyReused', 'the Idempotency-Key was used with another request');
    return { status: seen.status, json: JSON.parse(seen.answer) as unknown };
  }
  const parsed = parseJson(req.rawBody);
  if (!parsed.ok || !Array.isArray(parsed.value)) return voyadoError(400, 'InvalidModel', 'the body is a JSON array of transactions');
  const rows = parsed.value as Record<string, unknown>[];
  if (rows.length === 0 || rows.length > 1000) return voyadoError(400, 'InvalidModel', 'between 1 and 1,000 transactions');
  const next = new Map<string, number>();
  for (const row of rows) {
    if (typeof row.contactId !== 'string' || !GUID.test(row.contactId)) return voyadoError(400, 'InvalidContactId', 'contactId must be a GUID');
    if (!contacts.get(row.contactId)) return voyadoError(404, 'ContactNotFound', 'no contact with that id');
    if (typeof row.amount !== 'number' || !Number.isFinite(row.amount)) return voyadoError(400, 'InvalidModel', 'amount is required');
    if (row.definitionId !== 1) return voyadoError(400, 'InvalidPointDefinition', 'no such point definition');
    if (typeof row.source !== 'string' || row.source === '') return voyadoError(400, 'InvalidModel', 'source must be provided');
    if (typeof row.description !== 'string' || row.description === '') return voyadoError(400, 'InvalidModel', 'description must be provided');
    const id = row.contactId.toLowerCase();
    const balance = (next.get(id) ?? ledger.balance(id)) + row.amount;
    if (balance < 0) return voyadoError(409, 'InsufficientPoints', 'the point account holds fewer points');
    next.set(id, balance);
  }
  for (const [id, balance] of next) ledger.setBalance(id, balance);
  const applied = rows.map((row) => {
    const t = { id: randomUUID(), contactId: (row.contactId as string).toLowerCase(), amount: row.amount as number, source: row.source as string, description: row.description as string };
    ledger.pointTransactions.push(t);
    return { id: t.id, contactId: t.contactId, amount: t.amount, definitionId: 1 };
  });
  ledger.idempotency.set(key, { body: req.rawBody, status: 200, answer: JSON.stringify(applied) });
  return { status: 200, json: applied };
}
