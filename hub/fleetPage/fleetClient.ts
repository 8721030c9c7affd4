import { FLEET_PATHS, FleetReportSchema, FleetSessionSchema } from '../fleetContract/fleetContract';
import type { FleetReport, FleetSession } from '../fleetContract/fleetContract';

export type FleetAnswer<T> = { ok: true; value: T } | { ok: false; signedOut: boolean; message: string };

/** Talks to the hub's fleet API on the page's own origin. Never throws: every failure is a message for the screen. */
export async function fetchFleet(token: string): Promise<FleetAnswer<FleetReport>> {
  try {
    const response = await fetch(FLEET_PATHS.fleet, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (response.status === 401) return { ok: false, signedOut: true, message: 'Your sign-in is no longer valid. Sign in again.' };
    if (!response.ok) return { ok: false, signedOut: false, message: `The hub answered ${response.status}. Trying again shortly.` };
    const parsed = FleetReportSchema.safeParse(await response.json());
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, signedOut: false, message: 'The hub sent an answer this page does not understand.' };
  } catch {
    return { ok: false, signedOut: false, message: 'The hub cannot be reached. Trying again shortly.' };
  }
}

/** Trades a store manager's one-time code for a session token scoped to their store. */
export async function signInWithCode(code: string): Promise<FleetAnswer<FleetSession>> {
  try {
    const response = await fetch(FLEET_PATHS.sessions, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    if (response.status === 401 || response.status === 400) return { ok: false, signedOut: true, message: 'That code is unknown, used or expired. Ask for a new one.' };
    if (!response.ok) return { ok: false, signedOut: true, message: `The hub answered ${response.status}. Try again.` };
    const parsed = FleetSessionSchema.safeParse(await response.json());
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, signedOut: true, message: 'The hub sent an answer this page does not understand.' };
  } catch {
    return { ok: false, signedOut: true, message: 'The hub cannot be reached.' };
  }
}
