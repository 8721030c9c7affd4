import type { CrmConsent } from '../crmConnector';

/** The till's purposes Voyado holds as a contact's preferences rather than as consents (as its webhooks name them). */
const PREFERENCE_OF: Readonly<Record<string, 'acceptsEmail' | 'acceptsSms'>> = { marketingEmail: 'acceptsEmail', marketingSms: 'acceptsSms' };

/**
 * A till's consent as the body of Voyado's contact update (`POST /api/v2/contacts/{contactId}`, which changes only
 * what the body names): e-mail and SMS marketing are the contact's `preferences` (`acceptsEmail`, `acceptsSms`); any
 * other purpose is an entry of `consents` under the tenant's consent id (`consentIds`, else the purpose itself), with
 * the date it was given, `source: POS`, and the till's source and text version as the comment. Nothing empty is sent:
 * the reference warns that an empty value overwrites the contact's.
 */
export function consentToVoyado(consent: CrmConsent, consentIds: Readonly<Record<string, string>>): Record<string, unknown> {
  const preference = PREFERENCE_OF[consent.purpose];
  if (preference !== undefined) return { preferences: { [preference]: consent.granted } };
  const comment = consent.version === undefined ? consent.source : `${consent.source}, version ${consent.version}`;
  return { consents: [{ id: consentIds[consent.purpose] ?? consent.purpose, value: consent.granted, date: consent.at, source: 'POS', comment }] };
}
