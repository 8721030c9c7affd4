import type { SyncStatus } from '../../sync/client';
import type { MemberListLoading } from '../api/contract/memberList';

/**
 * While an enrolled till has never held a complete copy of the CRM's member list, a lookup's miss is no proof that
 * the person is not a member: say how far the copy is. A till with no CRM has no list to wait for.
 */
export function memberListLoading(status: SyncStatus): MemberListLoading | undefined {
  if (!status.enrolled || status.memberListComplete) return undefined;
  return { state: 'loading', done: status.bootstrap.done, total: Math.max(status.bootstrap.total, status.bootstrap.done) };
}
