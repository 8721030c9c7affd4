import { z } from 'zod';
import {
  AdminCreatedSchema,
  AdminProfileViewSchema,
  AdminReceiptsSchema,
  AdminStatsSchema,
  EnrolmentCodeResponseSchema,
} from '../../../../sync/emulator/admin/adminSchemas';
import type { AdminCreateProfile, FaultSettings } from '../../../../sync/emulator/admin/adminSchemas';
import type { CrmEmulator } from '../../../../sync/emulator';

/** The emulated CRM's admin API, as tests call it (never subject to injected faults). */
export function crmAdmin(crm: Pick<CrmEmulator, 'url' | 'adminToken'>) {
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
    touch: (count: number) => call('POST', '/admin/changes/touch', z.object({ touched: z.number() }), { count }),
    compact: (keep: number) => call('POST', '/admin/changes/compact', z.unknown(), { keep }),
    stats: () => call('GET', '/admin/stats', AdminStatsSchema),
  };
}
export type CrmAdmin = ReturnType<typeof crmAdmin>;
