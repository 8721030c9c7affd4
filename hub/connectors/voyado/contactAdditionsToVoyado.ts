import type { ContactAdditions } from '../crmConnector';
import type { VoyadoContact } from './voyadoSchemas';

/** Voyado's contact attribute for each identifier a till's sign-up can add (Voyado holds no card number). */
const ATTRIBUTE_OF = { phone: 'mobilePhone', email: 'email', member_number: 'memberNumber' } as const;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The contact update (`POST /api/v2/contacts/{contactId}`) that fills in what a matched sign-up added and the contact
 * lacks: an attribute the contact holds is never overwritten (the customer's e-mail in the CRM may be the one they
 * confirmed), and nothing empty is sent. Empty when the contact lacks nothing the sign-up gave.
 */
export function contactAdditionsToVoyado(contact: VoyadoContact, additions: ContactAdditions): Record<string, string> {
  const body: Record<string, string> = {};
  if (additions.firstName !== null && additions.firstName !== '' && isEmpty(contact.attributes.firstName)) body.firstName = additions.firstName;
  for (const { kind, value } of additions.identifiers) {
    if (kind === 'card') continue;
    const attribute = ATTRIBUTE_OF[kind];
    if (isEmpty(contact.attributes[attribute]) && body[attribute] === undefined) body[attribute] = value;
  }
  return body;
}
