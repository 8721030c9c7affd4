// Deterministic members for the cache benchmark: member i always has the same id, Swedish mobile (E.164) and email.
import type { BootstrapRow } from '../../../sync/cache/bootstrapLoader';
import type { ClearIdentifier } from '../../../sync/cache/types';

const FIRST_NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Eva', 'Anders', 'Sara', 'Nils', 'Elsa', 'Oskar'];
const LAST_NAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson'];
const MOBILE_PREFIXES = ['70', '72', '73', '76', '79'];

export function benchMemberId(i: number): string {
  return `m${String(i).padStart(9, '0')}`;
}

/** A unique Swedish mobile number per i < 10^7 (7919 is coprime with 10^7, so this is a permutation). */
export function benchMemberPhone(i: number): string {
  const subscriber = String((i * 7919 + 13) % 10_000_000).padStart(7, '0');
  return `+46${MOBILE_PREFIXES[i % MOBILE_PREFIXES.length]}${subscriber}`;
}

export function benchMemberEmail(i: number): string {
  const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'x';
  const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'y';
  return `${first}.${last}.${i}@example.se`.toLowerCase();
}

export function benchMemberIdentifiers(i: number): ClearIdentifier[] {
  return [
    { kind: 'phone', value: benchMemberPhone(i) },
    { kind: 'email', value: benchMemberEmail(i) },
  ];
}

export function* benchMemberPages(count: number, pageSize = 5000): Generator<BootstrapRow[]> {
  for (let start = 0; start < count; start += pageSize) {
    const page: BootstrapRow[] = [];
    for (let i = start; i < Math.min(count, start + pageSize); i++) {
      const firstName = FIRST_NAMES[i % FIRST_NAMES.length] ?? null;
      page.push({
        profile: {
          id: benchMemberId(i),
          firstName,
          displayName: `${firstName} ${(LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length] ?? '').slice(0, 1)}.`,
          tier: ['bronze', 'silver', 'gold'][i % 3] ?? null,
          pointsBalance: (i * 37) % 5000,
          pointsAsOf: 1_760_000_000_000,
          status: 'active',
        },
        identifiers: benchMemberIdentifiers(i),
      });
    }
    yield page;
  }
}

/** A deterministic pseudo-random sequence, so every run looks up the same members. */
export { seededRandom } from '../../../hub/http/seededRandom';
