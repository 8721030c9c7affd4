import { z } from 'zod';
import { PersonalNumberCheckUnavailable, samePersonalNumber } from '../../providers/personalNumbers';
import type { PersonalNumberCheck } from '../../providers/personalNumbers';
import type { VoyadoHttp } from './voyadoHttp';
import { VoyadoContactIdSchema } from './voyadoSchemas';

/** The one attribute read here, from `GET /api/v2/contacts/{id}` (the rest of the contact is not kept). */
const ContactPersonalNumberSchema = z.object({
  attributes: z.object({ socialSecurityNumber: z.string().nullish() }).loose(),
}).loose();

/**
 * The profile's personal number as Voyado holds it (`attributes.socialSecurityNumber`), asked afresh at each BankID
 * `complete` through the connector's client (its key's limiter and 429 handling) and compared here; neither number is
 * stored or logged. No contact, or one without a personal number: false. Voyado not answering (timeout, 5xx, a refused
 * key, an unreadable body): throws `PersonalNumberCheckUnavailable`, which fails the verification as not proven
 * (`personalNumberCheckUnavailable`: BankID forgets a finished order, so it cannot wait for Voyado).
 */
export function voyadoPersonalNumbers(http: VoyadoHttp): PersonalNumberCheck {
  return {
    async matches(profileId, personalNumber) {
      if (!VoyadoContactIdSchema.safeParse(profileId).success) return false;
      const got = await http.request({ method: 'GET', path: `/contacts/${encodeURIComponent(profileId)}` });
      if (got.kind === 'retry_later') throw new PersonalNumberCheckUnavailable(got.reason);
      if (got.kind === 'error') {
        if (got.status === 404 || got.status === 400) return false;
        throw new PersonalNumberCheckUnavailable(`voyado:${got.errorCode}`);
      }
      const contact = ContactPersonalNumberSchema.safeParse(got.body);
      if (!contact.success) throw new PersonalNumberCheckUnavailable('malformed_response');
      const held = contact.data.attributes.socialSecurityNumber;
      return typeof held === 'string' && samePersonalNumber(held, personalNumber);
    },
  };
}
