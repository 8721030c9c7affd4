import { z } from 'zod';
import { AdminCreatedSchema, AdminChangesTouchedSchema, AdminReceiptsSchema, AdminStatsSchema, EnrolmentCodeResponseSchema } from '../../../../hub/routes/adminAnswerSchemas';
import { AdminProfileViewSchema } from '../../../../hub/routes/adminProfileSchemas';
import type { AdminCreateProfile } from '../../../../hub/routes/adminProfileSchemas';
import type { FaultSettings } from '../../../../hub/routes/adminFaultRoutes';

/** The hub's admin API (with the demo connector, as the emulated CRM had it), as tests call it (never subject to injected faults). */
export function crmAdmin(crm: { url: string; adminToken: string }) {
  async function call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const response = await fetch(`${crm.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${crm.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return schema.parse(text === '' ? null : JSON.parse(text));
  }
  return {
    enrolmentCode: async () => (await call('POST', '/admin/enrolment-codes', EnrolmentCodeResponseSchema, {})).code,
    createProfile: async (profile: AdminCreateProfile) => (await call('POST', '/admin/profiles', AdminCreatedSchema, profile)).id,
    profile: (id: string) => call('GET', `/admin/profiles/${encodeURIComponent(id)}`, AdminProfileViewSchema),
    patchProfile: (id: string, patch: { firstName?: string; tier?: string; points?: number }) => call('PATCH', `/admin/profiles/${encodeURIComponent(id)}`, z.unknown(), patch),
    erase: (id: string) => call('DELETE', `/admin/profiles/${encodeURIComponent(id)}`, z.null()),
    merge: (from: string, into: string) => call('POST', `/admin/profiles/${encodeURIComponent(from)}/merge`, z.unknown(), { into }),
    receipts: async (profileId?: string) =>
      (await call('GET', `/admin/receipts${profileId ? `?profileId=${encodeURIComponent(profileId)}` : ''}`, AdminReceiptsSchema)).receipts,
    faults: (settings: Partial<FaultSettings>) =>
      call('POST', '/admin/faults', z.unknown(), { errorRate: 0, latencyMs: 0, resetRate: 0, commitThenFailRate: 0, malformedRate: 0, ...settings }),
    rotateKeys: (revokePrevious = false) => call('POST', '/admin/keys/rotate', z.unknown(), { revokePrevious }),
    touch: (count: number) => call('POST', '/admin/changes/touch', AdminChangesTouchedSchema, { count }),
    compact: (keep: number) => call('POST', '/admin/changes/compact', z.unknown(), { keep }),
    stats: () => call('GET', '/admin/stats', AdminStatsSchema),
  };
}
export type CrmAdmin = ReturnType<typeof crmAdmin>;
