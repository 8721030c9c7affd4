import type { SignupPayload } from '../../../sync/protocol';
import type { ConnectorAnswer, ContactAdditions, CrmPush } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';
import type { VoyadoOptions } from './voyadoOptions';
import { consentToVoyado } from './consentToVoyado';
import { contactAdditionsToVoyado } from './contactAdditionsToVoyado';
import { localTimeWithOffset, receiptToVoyado } from './receiptToVoyado';
import { VoyadoContactSchema, VoyadoFoundIdSchema, VoyadoPointAccountsSchema } from './voyadoSchemas';

/**
 * What the tills sent, delivered to Voyado. Sign-ups look the contact up first (the reference: "always check if the
 * contact already exists"), so an existing contact maps the till's provisional id with no duplicate, and gets what it
 * lacks of the sign-up (as a sign-up the hub matched itself does, through `completeContact`); receipts count
 * as delivered on a 2xx (Voyado applies them in batches later, and ignores a repeated uniqueReceiptId, so it cannot
 * tell a repeat: a retry answers `accepted`); redemptions are point transactions under the till's Idempotency-Key,
 * stamped with the time the hub granted them so that a retry is byte for byte the same request; consents are
 * contact updates (`consentToVoyado.ts`), which set a state and so are safe to repeat.
 */
export function createVoyadoPush(http: VoyadoHttp, options: VoyadoOptions): CrmPush {
  async function existingContact(signup: SignupPayload): Promise<ConnectorAnswer<string | null>> {
    for (const [kind, parameter] of [['phone', 'mobilePhone'], ['email', 'email']] as const) {
      const id = signup.identifiers.find((i) => i.kind === kind);
      if (!id) continue;
      const got = await http.request({ method: 'GET', path: '/contacts/id', query: { [parameter]: id.value, contactType: options.contactType } });
      if (got.kind === 'retry_later') return retryLater(got);
      if (got.kind === 'error') {
        if (got.status === 404) continue;
        return { status: 'rejected', reason: got.errorCode === 'MultipleMatches' ? 'multiple_matches' : `voyado:${got.errorCode}` };
      }
      const found = VoyadoFoundIdSchema.safeParse(got.body);
      if (!found.success) return { status: 'retry_later', reason: 'malformed_response' };
      return { status: 'accepted', value: found.data.toLowerCase() };
    }
    return { status: 'accepted', value: null };
  }

  /** Fills in what a contact lacks of what a till's sign-up gave (`contactAdditionsToVoyado.ts`); `duplicate` when nothing. */
  async function fillIn(profileId: string, additions: ContactAdditions): Promise<ConnectorAnswer<null>> {
    if (!VoyadoFoundIdSchema.safeParse(profileId).success) return { status: 'rejected', reason: 'unknown_profile' };
    // What the contact holds decides what is sent: only attributes it lacks are filled in.
    const got = await http.request({ method: 'GET', path: `/contacts/${profileId}` });
    if (got.kind === 'retry_later') return retryLater(got);
    if (got.kind === 'error') return { status: 'rejected', reason: got.errorCode === 'ContactNotFound' ? 'unknown_profile' : `voyado:${got.errorCode}` };
    const contact = VoyadoContactSchema.safeParse(got.body);
    if (!contact.success) return { status: 'retry_later', reason: 'malformed_response' };
    const body = contactAdditionsToVoyado(contact.data, additions);
    if (Object.keys(body).length === 0) return { status: 'duplicate', value: null };
    const updated = await http.request({ method: 'POST', path: `/contacts/${profileId}`, body });
    if (updated.kind === 'retry_later') return retryLater(updated);
    if (updated.kind === 'error') return { status: 'rejected', reason: updated.errorCode === 'ContactNotFound' ? 'unknown_profile' : `voyado:${updated.errorCode}` };
    return { status: 'accepted', value: null };
  }

  return {
    // Voyado answers 202 and applies its receipts in batches, some time after.
    receiptsApplied: 'in_batches',

    async signUp(signup, storeId) {
      const existing = await existingContact(signup);
      if (existing.status === 'rejected' || existing.status === 'retry_later') return existing;
      if (existing.value !== null) {
        // No second contact, but what the till was given and the contact lacks is filled in. Voyado not answering
        // now retries the whole sign-up (the lookup finds the same contact); a refused fill-in (an e-mail another
        // contact holds) leaves the contact as it is and still maps the sign-up to it.
        const filled = await fillIn(existing.value, { firstName: signup.firstName, identifiers: signup.identifiers });
        if (filled.status === 'retry_later') return filled;
        return { status: 'duplicate', value: { profileId: existing.value } };
      }
      const value = (kind: string): string | undefined => signup.identifiers.find((i) => i.kind === kind)?.value;
      const body = {
        contactType: options.contactType, countryCode: options.countryCode,
        ...(signup.firstName === null ? {} : { firstName: signup.firstName }),
        ...(value('phone') === undefined ? {} : { mobilePhone: value('phone') }),
        ...(value('email') === undefined ? {} : { email: value('email') }),
        ...(value('member_number') === undefined ? {} : { memberNumber: value('member_number') }),
      };
      // v2 reads source and storeExternalId from headers; v3 from the query: both are sent.
      const created = await http.request({
        method: 'POST', path: '/contacts', query: { source: 'POS', storeExternalId: storeId }, headers: { source: 'POS', storeExternalId: storeId }, body,
      });
      if (created.kind === 'retry_later') return retryLater(created);
      if (created.kind === 'error') return { status: 'rejected', reason: created.errorCode === 'MultipleMatches' ? 'multiple_matches' : `voyado:${created.errorCode}` };
      const contact = VoyadoContactSchema.safeParse(created.body);
      // Created, but the answer is unreadable: asking again finds the contact, so nothing is doubled.
      if (!contact.success) return { status: 'retry_later', reason: 'malformed_response' };
      return { status: created.status === 201 ? 'accepted' : 'duplicate', value: { profileId: contact.data.id.toLowerCase() } };
    },

    async receipt(receipt, profileId, storeId) {
      // Voyado stores receipts on a contact only: a sale to nobody has nowhere to go.
      if (profileId === null || !VoyadoFoundIdSchema.safeParse(profileId).success) return { status: 'rejected', reason: 'no_contact' };
      const posted = await http.request({ method: 'POST', path: '/receipts', body: receiptToVoyado(receipt, profileId, storeId, options.timeZone) });
      if (posted.kind === 'retry_later') return retryLater(posted);
      if (posted.kind === 'error') return { status: 'rejected', reason: `voyado:${posted.errorCode}` };
      return { status: 'accepted', value: null };
    },

    async redeem(profileId, points, idempotencyKey, at) {
      if (!VoyadoFoundIdSchema.safeParse(profileId).success) return { status: 'rejected', reason: 'unknown_profile' };
      const transaction = [{
        contactId: profileId, amount: -points, definitionId: options.pointDefinitionId, timeStamp: localTimeWithOffset(at, options.timeZone),
        source: 'POS', description: 'Redeemed at the till',
      }];
      const posted = await http.request({ method: 'POST', path: '/point-accounts/point-transactions', headers: { 'Idempotency-Key': idempotencyKey }, body: transaction });
      if (posted.kind === 'retry_later') return retryLater(posted);
      if (posted.kind === 'error') {
        if (posted.errorCode === 'InsufficientPoints') return { status: 'rejected', reason: 'insufficient_points' };
        if (posted.errorCode === 'ContactNotFound') return { status: 'rejected', reason: 'unknown_profile' };
        return { status: 'rejected', reason: `voyado:${posted.errorCode}` };
      }
      // Applied. If the balance cannot be read now, a retry under the same key is replayed by Voyado, not applied again.
      const accounts = await http.request({ method: 'GET', path: '/point-accounts', query: { contactId: profileId } });
      if (accounts.kind === 'retry_later') return retryLater(accounts);
      if (accounts.kind === 'error') return { status: 'retry_later', reason: `voyado:${accounts.errorCode}` };
      const parsed = VoyadoPointAccountsSchema.safeParse(accounts.body);
      if (!parsed.success) return { status: 'retry_later', reason: 'malformed_response' };
      return { status: 'accepted', value: { pointsBalance: Math.floor(parsed.data.find((a) => a.definitionId === options.pointDefinitionId)?.balance ?? 0) } };
    },

    async consent(consent, profileId) {
      if (!VoyadoFoundIdSchema.safeParse(profileId).success) return { status: 'rejected', reason: 'unknown_profile' };
      const updated = await http.request({ method: 'POST', path: `/contacts/${profileId}`, body: consentToVoyado(consent, options.consentIds) });
      if (updated.kind === 'retry_later') return retryLater(updated);
      if (updated.kind === 'error') return { status: 'rejected', reason: updated.errorCode === 'ContactNotFound' ? 'unknown_profile' : `voyado:${updated.errorCode}` };
      // A contact update sets a state: repeating it after a lost answer changes nothing.
      return { status: 'accepted', value: null };
    },

    completeContact: (profileId, additions) => fillIn(profileId, additions),
  };
}
