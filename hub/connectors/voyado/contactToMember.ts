import type { IdentifierKind, IdentifierTuple } from '../../../sync/protocol';
import { normaliseIdentifier } from '../../mirror/normaliseIdentifier';
import type { ConnectorMember } from '../crmConnector';
import type { VoyadoContact } from './voyadoSchemas';

/** Which contact attribute holds which of the till's identifiers (Voyado has no card number of its own). */
const IDENTIFIER_ATTRIBUTES: [IdentifierKind, 'mobilePhone' | 'email' | 'memberNumber'][] = [
  ['phone', 'mobilePhone'],
  ['email', 'email'],
  ['member_number', 'memberNumber'],
];

/**
 * A Voyado contact as the mirror holds it: its id, names, the points of its account, and its identifiers normalised
 * the hub's way. Voyado keeps points as decimals; the till shows whole points, so a fraction is cut off. A value that is not a valid identifier is left out (counted in `dropped`, never quoted): the contact
 * is still found by its other identifiers.
 */
export function contactToMember(contact: VoyadoContact, pointsBalance: number, pointsAsOf: number | null): { member: ConnectorMember; dropped: number } {
  const identifiers: IdentifierTuple[] = [];
  let dropped = 0;
  for (const [kind, attribute] of IDENTIFIER_ATTRIBUTES) {
    const raw = contact.attributes[attribute];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const normalised = normaliseIdentifier(kind, raw);
    if (normalised.ok) identifiers.push([kind, normalised.value]);
    else dropped++;
  }
  const firstName = contact.attributes.firstName?.trim() || null;
  const lastName = contact.attributes.lastName?.trim() || null;
  const displayName = firstName === null ? null : lastName === null ? firstName : `${firstName} ${lastName.charAt(0)}.`;
  return {
    member: {
      profileId: contact.id.toLowerCase(), firstName, lastName, displayName, tier: contact.contactType.toLowerCase(),
      pointsBalance: Math.floor(pointsBalance), pointsAsOf, identifiers,
    },
    dropped,
  };
}
