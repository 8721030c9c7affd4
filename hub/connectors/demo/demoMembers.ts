import { asciiEmailPart, SWEDISH_FIRST_NAMES, SWEDISH_LAST_NAMES } from './swedishNames';
import { gs1CheckDigit } from '../../../base/gs1CheckDigit';
import { localProfileId as profileIdOf } from '../../mirror/localProfileId';

/** Phones are `+4670` + 7 digits from a bijection of the index, so at most ten million distinct members. */
export const MAX_DEMO_MEMBERS = 10_000_000;

const TIERS = ['member', 'silver', 'gold', 'platinum'] as const;
/** 1 January 2025 UTC: demo balances are "as of" a day in 2025, reproducibly. */
const AS_OF_BASE = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

/** Everything the demo CRM knows of demo member `index` (0-based), clear identifiers included. */
export interface DemoMember {
  index: number;
  profileId: string;
  firstName: string;
  lastName: string;
  displayName: string;
  tier: string;
  points: number;
  pointsAsOf: number;
  /** E.164, always present. */
  phone: string;
  /** How a cashier would type it: `070-123 45 67`. */
  phoneLocal: string;
  /** Present when `index` is even. */
  email: string | null;
  /** EAN-13 in the GS1 in-company range 040–049, valid check digit; present when `index % 5` is 0 or 3. */
  cardNumber: string | null;
  /** `M1xxxxxxx`; present when `index % 10` is 0. */
  memberNumber: string | null;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A multiplier coprime to 10 (odd, not a multiple of 5) below `bound`, from the seed. */
function coprimeTo10(h: number, bound: number): number {
  let a = (h % (bound - 20)) + 11;
  if (a % 2 === 0) a += 1;
  if (a % 5 === 0) a += 2;
  return a;
}

/** Per-seed constants, computed once per seed and reused for a million members. */
export interface SeedParams {
  base: number;
  phoneA: number;
  phoneB: number;
  cardA: number;
  cardB: number;
}

const seedCache = new Map<number, SeedParams>();

export function paramsFor(seed: number): SeedParams {
  let p = seedCache.get(seed);
  if (!p) {
    const base = mix32(seed ^ 0x5bd1e995);
    p = {
      base,
      phoneA: coprimeTo10(mix32(base + 1), 10_000_000),
      phoneB: mix32(base + 2) % 10_000_000,
      // Below 8e8 so that cardA * index stays an exact double for ten million members.
      cardA: coprimeTo10(mix32(base + 3), 800_000_000),
      cardB: mix32(base + 4) % 1_000_000_000,
    };
    seedCache.set(seed, p);
  }
  return p;
}

/** The deterministic demo member `index` (0-based) of a demo CRM seeded with `seed`. */
export function demoMember(index: number, seed: number): DemoMember {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_DEMO_MEMBERS) throw new RangeError('demo member index out of range');
  const p = paramsFor(seed);
  const h1 = mix32(p.base ^ Math.imul(index + 1, 0x9e3779b1));
  const h2 = mix32(h1 ^ 0x27d4eb2f);
  const firstName = SWEDISH_FIRST_NAMES[h1 % SWEDISH_FIRST_NAMES.length] as string;
  const lastName = SWEDISH_LAST_NAMES[(h1 >>> 8) % SWEDISH_LAST_NAMES.length] as string;
  const roll = h2 % 100;
  const tierIndex = roll < 60 ? 0 : roll < 85 ? 1 : roll < 97 ? 2 : 3;
  const points = ((h2 >>> 7) % 5_000) * (tierIndex + 1);

  const phoneDigits = String((p.phoneA * index + p.phoneB) % 10_000_000).padStart(7, '0');
  let cardNumber: string | null = null;
  if (index % 5 === 0 || index % 5 === 3) {
    const body = `04${(h2 >>> 20) % 10}${String((p.cardA * index + p.cardB) % 1_000_000_000).padStart(9, '0')}`;
    cardNumber = `${body}${gs1CheckDigit(body)}`;
  }
  return {
    index,
    profileId: profileIdOf(index + 1),
    firstName,
    lastName,
    displayName: `${firstName} ${lastName.charAt(0)}.`,
    tier: TIERS[tierIndex] as string,
    points,
    pointsAsOf: AS_OF_BASE + ((h2 >>> 3) % 300) * DAY,
    phone: `+4670${phoneDigits}`,
    phoneLocal: `070-${phoneDigits.slice(0, 3)} ${phoneDigits.slice(3, 5)} ${phoneDigits.slice(5)}`,
    email: index % 2 === 0 ? `${asciiEmailPart(firstName)}.${asciiEmailPart(lastName)}${index + 1}@example.com` : null,
    cardNumber,
    memberNumber: index % 10 === 0 ? `M${10_000_000 + index}` : null,
  };
}
