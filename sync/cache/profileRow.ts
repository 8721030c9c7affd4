import type { Profile, ProfileStatus } from './types';

/** The columns every profile read selects, in the order `profileFromRow` expects (prefix `p.`). */
export const PROFILE_COLUMNS =
  'p.id AS id, p.first_name AS first_name, p.display_name AS display_name, p.tier AS tier, ' +
  'p.points_balance AS points_balance, p.points_as_of AS points_as_of, p.status AS status';

export interface ProfileRow {
  id: string;
  first_name: string | null;
  display_name: string | null;
  tier: string | null;
  points_balance: number;
  points_as_of: number | null;
  status: ProfileStatus;
}

export function profileFromRow(row: ProfileRow): Profile {
  return {
    id: row.id,
    firstName: row.first_name,
    displayName: row.display_name,
    tier: row.tier,
    pointsBalance: row.points_balance,
    pointsAsOf: row.points_as_of,
    status: row.status,
  };
}
