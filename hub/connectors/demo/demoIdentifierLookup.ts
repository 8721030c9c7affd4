import type { IdentifierKind } from '../../../sync/protocol';
import { demoMember, MAX_DEMO_MEMBERS, paramsFor } from './demoMembers';

/**
 * The demo member index whose identifier this is, or null. Demo identifiers are bijections of the index,
 * so the demo CRM inverts them instead of indexing two million seeded identifiers (which would make
 * seeding a million members several times slower). The candidate is confirmed by regenerating it.
 */
export function demoIndexOfIdentifier(kind: IdentifierKind, value: string, seed: number): number | null {
  const candidate = candidateIndex(kind, value, seed);
  if (candidate === null || candidate < 0 || candidate >= MAX_DEMO_MEMBERS) return null;
  const m = demoMember(candidate, seed);
  const own = kind === 'phone' ? m.phone : kind === 'email' ? m.email : kind === 'card' ? m.cardNumber : m.memberNumber;
  return own === value ? candidate : null;
}

function candidateIndex(kind: IdentifierKind, value: string, seed: number): number | null {
  const p = paramsFor(seed);
  switch (kind) {
    case 'phone': {
      const match = /^\+4670(\d{7})$/.exec(value);
      if (!match) return null;
      return invertAffine(Number(match[1]), p.phoneA, p.phoneB, 10_000_000);
    }
    case 'email': {
      const match = /(\d+)@example\.com$/.exec(value);
      return match ? Number(match[1]) - 1 : null;
    }
    case 'card': {
      const match = /^04\d(\d{9})\d$/.exec(value);
      if (!match) return null;
      return invertAffine(Number(match[1]), p.cardA, p.cardB, 1_000_000_000);
    }
    case 'member_number': {
      const match = /^M(\d{8})$/.exec(value);
      return match ? Number(match[1]) - 10_000_000 : null;
    }
  }
}

/** i such that (a·i + b) mod m = y, for a coprime to m (BigInt: a·i exceeds 2^53 for cards). */
function invertAffine(y: number, a: number, b: number, m: number): number {
  const M = BigInt(m);
  const inverse = modularInverse(BigInt(a), M);
  return Number(((((BigInt(y) - BigInt(b)) % M) + M) % M * inverse) % M);
}

function modularInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
