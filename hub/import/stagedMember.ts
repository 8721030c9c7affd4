import type { IdentifierKind } from '../../sync/protocol';
import type { MirroredProfile } from '../mirror/memberMirror';
import { renderProfileRow } from '../mirror/profileRow';
import { copyRow } from './copyText';

/** member_import_rows (migration 0011), in COPY's column order. */
export const STAGING_TABLE = 'member_import_rows';
export const STAGING_COLUMNS = ['chunk', 'n', 'profile_id', 'last_name', 'row_json', 'phone', 'email', 'card', 'member_number'] as const;

/**
 * A member's staging row: the bootstrap row rendered once here, as every mirror write renders it (profileRow.ts),
 * and each identifier kind in its own column (an export holds at most one of each), for the set-based merge.
 */
export function stagedMemberRow(chunk: number, n: number, member: MirroredProfile): string {
  const { lastName, ...state } = member;
  const byKind: Partial<Record<IdentifierKind, string>> = {};
  for (const [kind, value] of state.identifiers) byKind[kind] = value;
  return copyRow([
    chunk, n, state.profileId, lastName, renderProfileRow(state),
    byKind.phone ?? null, byKind.email ?? null, byKind.card ?? null, byKind.member_number ?? null,
  ]);
}
