import type { BootstrapRow } from '../../../../sync/cache/bootstrapLoader';

/** Member i of a test bootstrap: id `crm-<i>`, phone +4670<7 digits of i>, email m<i>@example.se. */
export function testMember(i: number): BootstrapRow {
  return {
    profile: { id: `crm-${i}`, firstName: `Member ${i}`, displayName: `M${i}`, tier: 'bronze', pointsBalance: i, pointsAsOf: 1000, status: 'active' },
    identifiers: [
      { kind: 'phone', value: testPhone(i) },
      { kind: 'email', value: testEmail(i) },
    ],
  };
}

export const testPhone = (i: number): string => `+4670${String(i).padStart(7, '0')}`;
export const testEmail = (i: number): string => `m${i}@example.se`;

export function testPage(page: number, pageSize: number): BootstrapRow[] {
  return Array.from({ length: pageSize }, (_, k) => testMember(page * pageSize + k));
}
