import type { ConnectorAnswer } from '../crmConnector';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp, VoyadoRequest } from './voyadoHttp';
import { VoyadoFoundIdSchema } from './voyadoSchemas';

/** Contacts of one member read at most (the member and contacts merged into it). */
const CONTACTS_READ = 5;

/**
 * One list read for each of a member's contacts, in the order the ids come, joined: a contact Voyado no longer has
 * (404) is skipped; an id that is no GUID is never sent. `parse` answers null for a body that is not the documented
 * shape (then `retry_later`: Voyado is not answering as it should).
 */
export async function perContact<T>(
  http: VoyadoHttp, profileIds: readonly string[], request: (contactId: string) => VoyadoRequest, parse: (body: unknown) => T[] | null,
): Promise<ConnectorAnswer<T[]>> {
  const items: T[] = [];
  for (const profileId of profileIds.slice(0, CONTACTS_READ)) {
    if (!VoyadoFoundIdSchema.safeParse(profileId).success) continue;
    const got = await http.request(request(profileId));
    if (got.kind === 'retry_later') return retryLater(got);
    if (got.kind === 'error') {
      if (got.status === 404) continue;
      return { status: 'rejected', reason: `voyado:${got.errorCode}` };
    }
    const parsed = parse(got.body);
    if (parsed === null) return { status: 'retry_later', reason: 'malformed_response' };
    items.push(...parsed);
  }
  return { status: 'accepted', value: items };
}
