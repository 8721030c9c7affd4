import { z } from 'zod';
import { HeartbeatSchema, SYNC_PATHS } from '../../sync/protocol';
import { FLEET_PATHS, FleetSignInSchema } from '../fleetContract/fleetContract';
import type { HubParts } from '../hubParts';
import { jsonReply, problemReply, validationProblem } from '../http/replies';
import type { Route } from '../http/routeTable';
import { StoreIdSchema } from './adminStoreRoutes';

export const StoreManagerCodeRequestSchema = z.object({
  storeId: StoreIdSchema,
  /** A code is for handing over today; a day by default, a week at most. */
  ttlSeconds: z.number().int().min(60).max(7 * 86_400).default(86_400),
});

/** The tills' heartbeats, the fleet report, and the store managers' sign-in (docs/hub.md, "The fleet"). */
export function fleetRoutes(parts: HubParts): Route[] {
  return [
    {
      method: 'POST', path: SYNC_PATHS.heartbeat, auth: 'till', sync: 'heartbeat',
      handle: async ({ body, till, now }) => {
        const parsed = HeartbeatSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the heartbeat');
        if (!till) return problemReply(401, 'unauthorized', 'a device token from enrolment is required');
        await parts.fleet.recordHeartbeat(till.tillId, parsed.data, now);
        return jsonReply(200, { receivedAt: now });
      },
    },
    {
      method: 'GET', path: FLEET_PATHS.fleet, auth: 'fleet',
      handle: async ({ fleetScope, now }) => {
        if (!fleetScope) return problemReply(401, 'fleet_unauthorized', 'sign in with the admin token or a store manager code');
        return jsonReply(200, await parts.fleet.report(fleetScope, now));
      },
    },
    {
      method: 'POST', path: FLEET_PATHS.sessions, auth: 'none',
      handle: async ({ body, now }) => {
        const parsed = FleetSignInSchema.safeParse(body);
        if (!parsed.success) return validationProblem(parsed.error, 'the sign-in');
        const outcome = await parts.storeManagers.signIn(parsed.data.code, now);
        if (!outcome.ok) return problemReply(401, 'store_code_invalid', 'this code is unknown, used or expired: ask for a new one');
        parts.logger.info({ storeId: outcome.storeId }, 'store manager signed in');
        return jsonReply(201, { token: outcome.token, storeId: outcome.storeId, expiresAt: outcome.expiresAt });
      },
    },
    {
      method: 'POST', path: '/admin/store-manager-codes', auth: 'admin',
      handle: async ({ body, now }) => {
        const parsed = StoreManagerCodeRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return validationProblem(parsed.error, 'the store manager code request');
        if (!(await parts.enrolment.storeExists(parsed.data.storeId))) return problemReply(404, 'unknown_store', 'no store has this id: add it with POST /admin/stores first');
        return jsonReply(201, await parts.storeManagers.issueCode(parsed.data.storeId, now, parsed.data.ttlSeconds));
      },
    },
  ];
}
