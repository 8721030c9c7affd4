import type { ConnectorAnswer } from '../crmConnector';
import { VoyadoChangedIdsSchema } from './voyadoSchemas';
import { retryLater } from './voyadoHttp';
import type { VoyadoHttp } from './voyadoHttp';

export type VoyadoChangeType = 'Created' | 'Updated' | 'Deleted';

/** A window narrower than this is not split further: a burst that large is Voyado's to explain. */
const SMALLEST_WINDOW_MS = 1000;

/**
 * The ids of one change type in [from, to], by `GET /api/v2/contacts/changes`. Voyado answers at most 250,000 ids
 * and a 400 beyond that, so a window that answers 400 is split in two and each half asked again.
 */
export async function changedIds(http: VoyadoHttp, changeType: VoyadoChangeType, from: number, to: number): Promise<ConnectorAnswer<string[]>> {
  const result = await http.request({
    method: 'GET', path: '/contacts/changes',
    query: { changeType, fromDate: new Date(from).toISOString(), toDate: new Date(to).toISOString() },
  });
  if (result.kind === 'retry_later') return retryLater(result);
  if (result.kind === 'error') {
    if (result.status !== 400 || to - from < SMALLEST_WINDOW_MS * 2) return { status: 'rejected', reason: `voyado:${result.errorCode}` };
    const middle = from + Math.floor((to - from) / 2);
    const first = await changedIds(http, changeType, from, middle);
    if (first.status === 'rejected' || first.status === 'retry_later') return first;
    const second = await changedIds(http, changeType, middle + 1, to);
    if (second.status === 'rejected' || second.status === 'retry_later') return second;
    return { status: 'accepted', value: [...first.value, ...second.value] };
  }
  const parsed = VoyadoChangedIdsSchema.safeParse(result.body);
  if (!parsed.success) return { status: 'retry_later', reason: 'malformed_response' };
  return { status: 'accepted', value: parsed.data.map((id) => id.toLowerCase()) };
}
